import fc from 'fast-check';
import { MAX_JSON_DEPTH, nestsDeeperThan, parseJsonBody } from './json-body';
import { ProblemException } from './problem';

/** The nesting of a parsed value, counted as the scan counts brackets. */
function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (typeof value === 'object' && value !== null) return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

function refusal(text: string) {
  try {
    parseJsonBody(text);
  } catch (error) {
    return (error as ProblemException).problem;
  }
  throw new Error(`${text} was parsed`);
}

describe('nestsDeeperThan', () => {
  it.each([
    ['1', 0, false],
    ['[]', 0, true],
    ['[]', 1, false],
    ['{"a":[{}]}', 2, true],
    ['{"a":[{}]}', 3, false],
    ['[[],[],[]]', 2, false],
    ['"[[[[["', 1, false],
    ['["\\"[[[", []]', 1, true],
    ['["\\\\", []]', 1, true],
  ])('%s deeper than %d: %s', (text, limit, deeper) => {
    expect(nestsDeeperThan(text, limit)).toBe(deeper);
  });

  it('agrees with the depth of the parsed value, whatever the value and its strings', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 8 }), (value, limit) => {
        expect(nestsDeeperThan(JSON.stringify(value), limit)).toBe(depthOf(value) > limit);
      }),
    );
  });
});

describe('parseJsonBody', () => {
  it('parses what JSON.parse parses, up to the depth limit', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 6 }).filter((value) => !JSON.stringify(value).includes('"__proto__"')),
        (value) => {
          expect(parseJsonBody(JSON.stringify(value))).toEqual(JSON.parse(JSON.stringify(value)));
        },
      ),
    );
  });

  it(`parses ${MAX_JSON_DEPTH} levels and refuses one more, naming the limit`, () => {
    expect(parseJsonBody('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).toBeInstanceOf(Array);
    expect(refusal('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1))).toMatchObject({
      status: 400,
      type: '/problems/malformed-json',
      detail: `The request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`,
    });
  });

  it('refuses a million brackets without running out of stack', () => {
    expect(refusal('['.repeat(1_000_000)).detail).toContain('deeper than');
  });

  it.each([
    ['', 'empty'],
    ['{"name": ', 'not valid JSON'],
    ['{"a":1,}', 'not valid JSON'],
    ['{"__proto__":{"admin":true}}', '"__proto__"'],
    ['{"a":[{"__proto__":null}]}', '"__proto__"'],
    ['{"constructor":{"prototype":{"admin":true}}}', '"constructor.prototype"'],
  ])('refuses %p as malformed, saying why (%s)', (text, why) => {
    expect(refusal(text)).toMatchObject({ status: 400, type: '/problems/malformed-json', detail: expect.stringContaining(why), errors: [{ field: 'body', message: expect.stringContaining(why) }] });
  });

  it('keeps a "constructor" key that does not reach a prototype', () => {
    expect(parseJsonBody('{"constructor":"x","a":{"constructor":{"name":"y"}}}')).toEqual({ constructor: 'x', a: { constructor: { name: 'y' } } });
  });
});
