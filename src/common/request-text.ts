import { FieldError } from './problem';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * What Postgres cannot store: `text` and `jsonb` refuse U+0000, and a lone UTF-16
 * surrogate has no UTF-8 form (Node would silently store U+FFFD in its place, jsonb
 * refuses its `\ud800` escape). Refused in every field rather than in each DTO, so no
 * field can be forgotten.
 */
function whatIsWrong(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'must be well-formed Unicode (it holds an unpaired UTF-16 surrogate)';
  return undefined;
}

/**
 * Every string in a request value — a body, a query, a path parameter — and every object
 * key that Postgres could not store, named by its path as validation errors name fields
 * (`reporter.email`, `securityMeasures[0]`). `field` is the path of `value` itself, '' for a
 * whole body or query.
 */
export function unstorableText(value: unknown, field = ''): FieldError[] {
  if (typeof value === 'string') {
    const wrong = whatIsWrong(value);
    return wrong ? [{ field: field || 'body', message: `${field || 'the body'} ${wrong}` }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => unstorableText(item, `${field}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const wrongKey = whatIsWrong(key);
    if (wrongKey) return [{ field: field || 'body', message: `a key in ${field || 'the body'} ${wrongKey}` }];
    return unstorableText(item, field ? `${field}.${key}` : key);
  });
}
