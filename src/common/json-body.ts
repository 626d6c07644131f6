import { HttpStatus } from '@nestjs/common';
import { ProblemException } from './problem';

/**
 * How deep arrays and objects may nest in a request body. The deepest body the API
 * takes (an agreement's `dataStores[].erasure.url`) nests four levels; 32 leaves room,
 * and stays far below the depth at which the recursive steps after parsing (class-transformer,
 * class-validator, the audit log's JSON) run out of stack.
 */
export const MAX_JSON_DEPTH = 32;

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether JSON text nests arrays and objects deeper than `limit`, read in one pass without
 * parsing it, so a body of a million `[` is refused before anything recurses over it.
 * Brackets inside strings do not count. Text that is not JSON may give any answer; the
 * parser refuses it next.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i += 1;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth += 1;
      if (depth > limit) return true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth -= 1;
    }
  }
  return false;
}

const malformed = (detail: string) => new ProblemException(HttpStatus.BAD_REQUEST, detail, [{ field: 'body', message: detail }], 'malformed-json');

/**
 * `__proto__` would replace an object's prototype wherever the body is later copied with
 * assignment, and `constructor.prototype` reaches the prototype of every object: both are
 * refused, as Fastify's own parser does.
 */
function refusePrototypeKeys(this: unknown, key: string, value: unknown): unknown {
  if (key === '__proto__') throw malformed('The request body has a "__proto__" key, which this service refuses');
  if (key === 'constructor' && typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, 'prototype')) {
    throw malformed('The request body has a "constructor.prototype" key, which this service refuses');
  }
  return value;
}

/**
 * The service's parser for `application/json` bodies: refused with a 400
 * `/problems/malformed-json` naming the reason when empty, not JSON, nested deeper than
 * MAX_JSON_DEPTH, or carrying prototype keys.
 */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) throw malformed('The request body is empty but declared as JSON');
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) throw malformed(`The request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text, refusePrototypeKeys) as unknown;
  } catch (error) {
    if (error instanceof ProblemException) throw error;
    throw malformed(`The request body is not valid JSON: ${(error as Error).message}`);
  }
}
