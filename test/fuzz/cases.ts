import { randomUUID } from 'node:crypto';
import { fillPath, headerParameters, Method, pathParameters, queryParameters, Route, Schema } from './openapi-routes';

/** A seeded PRNG (mulberry32): the same seed gives the same requests. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** One request as it goes on the wire, and what was done to it. */
export interface FuzzCase {
  method: Method;
  /** Path and query, encoded as sent. */
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  mutation: string;
}

/** What the generator needs to know of the running app. */
export interface FuzzContext {
  resolve(schema: Schema | undefined): Schema | undefined;
  pathValues(route: Route): Record<string, string>;
  validBody(route: Route): Record<string, unknown> | undefined;
  realIds(): string[];
  /** Real values for parameters that are not ids (retention categories). */
  realCategories(): string[];
  /** A nextCursor some list answered with, if any. */
  issuedCursor(): string | undefined;
}

type Path = (string | number)[];

const HUNDRED_KB = 'x'.repeat(100_000);
const OVER_THE_BODY_LIMIT = 'y'.repeat(1_100_000);
const nested = (depth: number, leaf: unknown = 1): unknown => (depth === 0 ? leaf : { a: nested(depth - 1, leaf) });
const nestedArrays = (depth: number): unknown => (depth === 0 ? [] : [nestedArrays(depth - 1)]);

const INSTANTS = [
  '2026-01-01T00:00:00Z',
  '2026-01-01T00:00:00',
  '2026-01-01',
  '2026-02-30T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '+002026-01-01T00:00:00Z',
  '-002026-01-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00Z',
  '2099-01-01T00:00:00Z',
  '2026-01-01T00:00:00+14:00',
  '2026-01-01T00:00:00-23:59',
  '2026-01-01T24:00:00Z',
  '2026-01-01T00:00:60Z',
  '2026-01-01T00:00:00.123456789Z',
  '2026-W01-1T00:00:00Z',
  'now',
];

const ODD_STRINGS = [
  '',
  ' ',
  'x',
  '0',
  '-1',
  'true',
  'null',
  'undefined',
  'NaN',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\udc00\ud800',
  '\u202eevil\u202c',
  '\u200b',
  '\ufeff',
  'e\u0301\u0301\u0301',
  '😀'.repeat(50),
  '\t\r\n',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '../../etc/passwd',
  '%00',
  '${7*7}',
  '{{7*7}}',
  'P0D',
  'P1000000Y',
  'PT1H',
  'P',
  'NL',
  'nl',
  'XX',
  'EUR',
  'eur',
  'a@b',
  'x@example.com',
  '@',
  'a@[127.0.0.1]',
  'http://localhost/x',
  'http://169.254.169.254/latest',
  'ftp://x.example',
  'javascript:alert(1)',
  `https://${'a'.repeat(3000)}.example`,
  '*',
  'incident.created',
  '12345678',
  '+31 20 123 4567',
  HUNDRED_KB,
  ...INSTANTS,
];

/** Where integers overflow: Postgres int and bigint, exact doubles. */
const INTEGER_EDGES = [2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 53, 2 ** 63, 1e15, 0.5];

const ODD_NUMBERS = [0, -0, -1, 1, 1.5, 72, 73, 365, 366, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, -(2 ** 53), 1e15, 1e308, -1e308, 5e-324];

const UNKNOWN_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', 'id', 'createdAt', 'status', 'role', 'a.b', '0', 'na\u0000me', '\ud800', 'x'.repeat(1000)];

/** Values anywhere in a body: every JSON type, odd strings, odd numbers, real ids, shapes. */
function oddValue(random: Random, context: FuzzContext): unknown {
  switch (random.int(9)) {
    case 0:
      return random.pick([null, true, false]);
    case 1:
      return random.pick(ODD_NUMBERS);
    case 2:
    case 3:
      return random.pick(ODD_STRINGS);
    case 4:
      return random.pick([...context.realIds(), randomUUID(), '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', random.pick(context.realIds()).toUpperCase()]);
    case 5:
      return random.pick([[], [null], [''], ['x'], [1], [[]], [{}], Array<string>(1000).fill('x'), Array<number>(20_000).fill(0), [random.pick(ODD_STRINGS)], [random.pick(context.realIds())]]);
    case 6:
      return random.pick([
        {},
        { a: 1 },
        { name: 'x' },
        JSON.parse('{"__proto__":{"admin":true}}') as unknown,
        { constructor: { prototype: { admin: true } } },
        nested(20),
        nested(40),
        nestedArrays(31),
        nestedArrays(100),
      ]);
    case 7:
      return random.chance(0.02) ? OVER_THE_BODY_LIMIT : random.pick(ODD_STRINGS);
    default:
      return random.pick(INSTANTS);
  }
}

/** Values the schema suggests: its enum, example, bounds and formats, to get past the first check. */
function plausibleValue(schema: Schema | undefined, random: Random, context: FuzzContext, name = ''): unknown {
  if (!schema) return oddValue(random, context);
  const options: unknown[] = [];
  if (schema.enum) options.push(...schema.enum, ...schema.enum.map((v) => (typeof v === 'string' ? v.toUpperCase() : v)));
  if (schema.example !== undefined) options.push(schema.example);
  for (const bound of [schema.minimum, schema.maximum]) if (bound !== undefined) options.push(bound - 1, bound, bound + 1);
  for (const length of [schema.minLength, schema.maxLength]) if (length !== undefined) options.push('x'.repeat(Math.max(0, length - 1)), 'x'.repeat(length), 'x'.repeat(length + 1));
  if (schema.format === 'uuid' || /Ids?$/.test(name)) options.push(...context.realIds());
  if (schema.format === 'date-time' || /At$|From$/.test(name)) options.push(...INSTANTS);
  if (schema.type === 'number' || schema.type === 'integer') options.push(...INTEGER_EDGES);
  if (schema.type === 'array') options.push([], [plausibleValue(schema.items && context.resolve(schema.items), random, context)]);
  return options.length ? random.pick(options) : oddValue(random, context);
}

/** Every place in a body worth changing: the fields it has, and those its schema declares. */
function slots(body: unknown, schema: Schema | undefined, context: FuzzContext, path: Path = [], out: { path: Path; schema?: Schema }[] = []): { path: Path; schema?: Schema }[] {
  const resolved = context.resolve(schema);
  if (path.length > 4) return out;
  if (Array.isArray(body)) {
    body.forEach((item, i) => {
      out.push({ path: [...path, i], schema: resolved?.items });
      slots(item, resolved?.items, context, [...path, i], out);
    });
  } else {
    const own = typeof body === 'object' && body !== null ? Object.keys(body) : [];
    const declared = Object.keys(resolved?.properties ?? {});
    for (const key of new Set([...own, ...declared])) {
      const child = resolved?.properties?.[key];
      out.push({ path: [...path, key], schema: child });
      slots((body as Record<string, unknown> | undefined)?.[key], child, context, [...path, key], out);
    }
  }
  return out;
}

const clone = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

/** Sets (or, with `remove`, deletes) the value at `path`, making the objects on the way. */
function setAt(body: unknown, path: Path, value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const root = typeof body === 'object' && body !== null ? body : {};
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (remove) delete node[last];
  else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
  return root;
}

const showPath = (path: Path) => path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('') || '(body)';
const showValue = (value: unknown) => {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 60)}… (${text.length} chars)` : text;
};

const JSON_TYPE = { 'content-type': 'application/json' };

const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/json-patch+json',
  'application/problem+json',
  'application/octet-stream',
  '*/*',
  'application/json, text/plain',
  'application/json; boundary=',
  'x',
];

/** Bodies that are not JSON, or JSON at its edges, built from the valid one. */
function rawBody(valid: string, random: Random): { body: string | Buffer; mutation: string } {
  const at = random.int(valid.length + 1);
  const variants: [string, () => string | Buffer][] = [
    ['cut short', () => valid.slice(0, at)],
    ['a stray character', () => valid.slice(0, at) + random.pick(['{', '}', '[', ']', ',', ':', '"', '\\', '\u0000', 'x']) + valid.slice(at)],
    ['trailing garbage', () => valid + random.pick([' x', '}', ',{}', '\n\n{}'])],
    ['a trailing comma', () => valid.replace(/}$/, ',}')],
    ['a byte-order mark', () => `\ufeff${valid}`],
    ['single quotes', () => valid.replace(/"/g, "'")],
    ['a comment', () => `/* c */${valid}`],
    ['NaN and Infinity', () => '{"a":NaN,"b":Infinity}'],
    ['numbers beyond double', () => valid.replace(/:(\d+|"[^"]*")/, ':1e999')],
    ['a 30-digit number', () => valid.replace(/:(\d+|"[^"]*")/, ':123456789012345678901234567890')],
    ['a duplicate key', () => valid.replace(/^\{/, '{"name":{"x":1},')],
    ['an unescaped control character', () => valid.replace(/":"/, '":"\t\u0001')],
    ['an escaped NUL', () => valid.replace(/":"/, '":"\\u0000')],
    ['an escaped lone surrogate', () => valid.replace(/":"/, '":"\\ud800')],
    ['invalid UTF-8', () => Buffer.concat([Buffer.from(valid.replace(/":"[^"]*"/, '":"')), Buffer.from([0xff, 0xc0, 0x80, 0xed, 0xa0, 0x80]), Buffer.from('"}')])],
    ['a bare value', () => random.pick(['', '   ', 'null', 'true', '"text"', '0', '[]', '{}', '[{}]'])],
    ['33 levels', () => '['.repeat(33) + ']'.repeat(33)],
    ['32 levels', () => '{"a":'.repeat(31) + '[]' + '}'.repeat(31)],
    ['a million brackets', () => '['.repeat(1_000_000)],
    ['a long run of keys', () => `{${Array.from({ length: 20_000 }, (_, i) => `"k${i}":1`).join(',')}}`],
  ];
  const [mutation, build] = random.pick(variants);
  return { body: build(), mutation: `raw body: ${mutation}` };
}

const ODD_IDS = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '1',
  '-1',
  'null',
  '%7Bid%7D',
  '%00',
  '%ED%A0%80',
  '%FF',
  '%',
  '%zz',
  '..',
  '%2e%2e',
  '%2F',
  '%20',
  '%C3%A9',
  '__proto__',
  'constructor',
  'x'.repeat(200),
];

/** One junk path parameter, the others real. */
function oddPath(route: Route, random: Random, context: FuzzContext): { values: Record<string, string>; mutation: string } {
  const values = context.pathValues(route);
  const name = random.pick(pathParameters(route));
  const real = values[name];
  const options = [...ODD_IDS, randomUUID(), real.toUpperCase(), `${real}x`, real.slice(1), random.pick(context.realIds()), ...context.realCategories(), `${real}%00`];
  values[name] = random.pick(options);
  return { values, mutation: `{${name}} = ${values[name].length > 40 ? `${values[name].slice(0, 30)}…` : values[name]}` };
}

const ODD_QUERY_VALUES = [
  '',
  '0',
  '-1',
  '1',
  '2',
  '200',
  '201',
  '1.5',
  '1e2',
  'abc',
  '99999999999999999999',
  '%20',
  '%2B1',
  'true',
  'false',
  'null',
  '%00',
  '%ED%A0%80',
  '%FF',
  '%',
  'x'.repeat(3000),
  'nextCursor',
];

/** Percent-encodes the UTF-8 bytes Node makes of any string (a lone surrogate becomes U+FFFD), where encodeURIComponent would throw. */
const encode = (text: string) =>
  [...Buffer.from(text)].map((byte) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

function queryValue(name: string, schema: Schema | undefined, random: Random, context: FuzzContext): string {
  if (name === 'cursor' && random.chance(0.5)) {
    const crafted = [
      context.issuedCursor() ?? '',
      Buffer.from(JSON.stringify([random.pick(INSTANTS), randomUUID()])).toString('base64url'),
      Buffer.from(JSON.stringify([new Date().toISOString(), random.pick(['x', '', '-'.repeat(36)])])).toString('base64url'),
      Buffer.from(random.pick(['[]', '{}', 'null', '[1]', '"x"', '[[[[[]]]]]'])).toString('base64url'),
      'AAAA',
      '-_-_',
      '9223372036854775807',
      '9223372036854775808',
    ];
    return random.pick(crafted);
  }
  const plausible = plausibleValue(schema, random, context, name);
  const pool = [...ODD_QUERY_VALUES, ...INSTANTS.map(encode), ...context.realIds(), typeof plausible === 'string' || typeof plausible === 'number' ? encode(String(plausible)) : ''];
  return random.pick(pool);
}

/** A query string of real parameter names with junk, unknown names, repeats and stray separators. */
function oddQuery(route: Route, random: Random, context: FuzzContext): string {
  const declared = queryParameters(route);
  const parts: string[] = [];
  for (let i = 0, n = 1 + random.int(4); i < n; i += 1) {
    if (declared.length && random.chance(0.75)) {
      const parameter = random.pick(declared);
      parts.push(`${parameter.name}=${queryValue(parameter.name, context.resolve(parameter.schema), random, context)}`);
      if (random.chance(0.1)) parts.push(`${parameter.name}=${queryValue(parameter.name, context.resolve(parameter.schema), random, context)}`);
    } else {
      parts.push(
        random.pick(['__proto__=1', '__proto__[admin]=1', 'constructor=1', 'constructor[prototype][admin]=1', 'toString=x', 'a[b]=c', 'limit[]=1', 'limit', '=x', '&&', 'x=1', '%00=1', 'cursor=%00']),
      );
    }
  }
  return parts.join('&');
}

function withQuery(path: string, query: string): string {
  return query ? `${path}?${query}` : path;
}

/** The request the fuzzer sends next for `route`. */
export function nextCase(route: Route, random: Random, context: FuzzContext): FuzzCase {
  const method = route.method;
  const hasPath = pathParameters(route).length > 0;
  const realPath = () => fillPath(route, context.pathValues(route));
  const headers = (): Record<string, string> => {
    const idempotency = headerParameters(route).find((h) => h.name === 'Idempotency-Key');
    if (idempotency && random.chance(0.3)) return { 'idempotency-key': random.pick(['fuzz-key', `k-${random.int(1000)}`, '', ' ', 'a'.repeat(201), 'with space', 'x'.repeat(200)]) };
    return {};
  };

  if (method === 'get') {
    const roll = random.next();
    if (hasPath && roll < 0.3) {
      const { values, mutation } = oddPath(route, random, context);
      return { method, url: fillPath(route, values), headers: {}, mutation };
    }
    if (roll < 0.4) {
      const accept = random.pick(['application/pdf', 'text/csv', 'application/xml', '*/*', 'x', '', 'application/pdf;q=0']);
      return { method, url: realPath(), headers: { accept }, mutation: `Accept: ${accept}` };
    }
    const query = oddQuery(route, random, context);
    return { method, url: withQuery(realPath(), query), headers: {}, mutation: `query ${query.length > 120 ? `${query.slice(0, 100)}…` : query}` };
  }

  const valid = context.validBody(route) ?? {};
  const json = (body: unknown, mutation: string): FuzzCase => ({ method, url: realPath(), headers: { ...JSON_TYPE, ...headers() }, body: JSON.stringify(body), mutation });
  const roll = random.next();

  if (roll < 0.4 && route.body) {
    let body: unknown = clone(valid);
    const changes: string[] = [];
    const places = slots(valid, route.body, context);
    for (let i = 0, n = 1 + random.int(3); i < n && places.length; i += 1) {
      const place = random.pick(places);
      if (random.chance(0.12)) {
        body = setAt(body, place.path, undefined, true);
        changes.push(`${showPath(place.path)} removed`);
      } else {
        const value = random.chance(0.4) ? plausibleValue(context.resolve(place.schema), random, context, String(place.path[place.path.length - 1])) : oddValue(random, context);
        body = setAt(body, place.path, value);
        changes.push(`${showPath(place.path)} = ${showValue(value)}`);
      }
    }
    return json(body, changes.join('; '));
  }
  if (roll < 0.5) {
    const objects = [
      [] as Path,
      ...slots(valid, route.body, context)
        .filter((s) => typeof context.resolve(s.schema)?.properties === 'object')
        .map((s) => s.path),
    ];
    const where = random.pick(objects);
    const key = random.pick(UNKNOWN_KEYS);
    const value = oddValue(random, context);
    return json(setAt(clone(valid), [...where, key], value), `unknown field ${showPath([...where, key])} = ${showValue(value)}`);
  }
  if (roll < 0.58) {
    const places = slots(valid, route.body, context);
    if (places.length && random.chance(0.7)) {
      const place = random.pick(places);
      const current = place.path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], valid);
      const swapped = Array.isArray(current) ? Object.fromEntries(current.map((v, i) => [String(i), v as unknown])) : typeof current === 'object' && current !== null ? [current] : { value: current };
      return json(setAt(clone(valid), place.path, swapped), `${showPath(place.path)} reshaped to ${showValue(swapped)}`);
    }
    return json([valid], 'the body wrapped in an array');
  }
  if (roll < 0.65) {
    const whole = oddValue(random, context);
    return json(whole, `the whole body = ${showValue(whole)}`);
  }
  if (roll < 0.75) {
    const { body, mutation } = rawBody(JSON.stringify(valid), random);
    return { method, url: realPath(), headers: { ...JSON_TYPE }, body, mutation };
  }
  if (roll < 0.83) {
    const type = random.pick([...CONTENT_TYPES, 'none']);
    const body = type === 'application/x-www-form-urlencoded' ? new URLSearchParams(Object.entries(valid).map(([k, v]): [string, string] => [k, String(v)])).toString() : JSON.stringify(valid);
    return { method, url: realPath(), headers: type === 'none' ? {} : { 'content-type': type }, body, mutation: `Content-Type: ${type}` };
  }
  if (roll < 0.9 && hasPath) {
    const { values, mutation } = oddPath(route, random, context);
    return { method, url: fillPath(route, values), headers: { ...JSON_TYPE }, body: JSON.stringify(valid), mutation };
  }
  if (roll < 0.94) {
    const query = oddQuery(route, random, context);
    return { method, url: withQuery(realPath(), query), headers: { ...JSON_TYPE }, body: JSON.stringify(valid), mutation: `query ${query}` };
  }
  if (roll < 0.97) return { method, url: realPath(), headers: headers(), mutation: 'no body' };
  return json(valid, 'the valid body');
}
