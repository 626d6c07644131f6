import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-signature';
export const TIMESTAMP_HEADER = 'x-signature-timestamp';
export const TIMESTAMPED_SIGNATURE_HEADER = 'x-signature-timestamped';

/** What a receiver should accept between our clock and its own: five minutes either way. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const hmac = (secret: string, content: string) => `sha256=${createHmac('sha256', secret).update(content, 'utf8').digest('hex')}`;

/** `X-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. */
export function signBody(secret: string, rawBody: string): string {
  return hmac(secret, rawBody);
}

/** `X-Signature-Timestamped: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`. */
export function signTimestamped(secret: string, timestamp: number, rawBody: string): string {
  return hmac(secret, `${timestamp}.${rawBody}`);
}

/**
 * The three signature headers of one attempt. `X-Signature` covers the body alone and is
 * the same on every attempt, so a receiver cannot tell a replay from a retry by it;
 * `X-Signature-Timestamped` also covers the attempt's time (unix seconds), which the
 * receiver compares with its own clock.
 */
export function signatureHeaders(secret: string, rawBody: string, at: Date): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    [SIGNATURE_HEADER]: signBody(secret, rawBody),
    [TIMESTAMP_HEADER]: String(timestamp),
    [TIMESTAMPED_SIGNATURE_HEADER]: signTimestamped(secret, timestamp, rawBody),
  };
}

function equalInConstantTime(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function verifySignature(secret: string, rawBody: string, header: string | undefined): boolean {
  return header !== undefined && equalInConstantTime(signBody(secret, rawBody), header);
}

export type IncomingHeaders = Record<string, string | string[] | undefined>;

export type TimestampedVerdict = { valid: true; timestamp: number } | { valid: false; reason: 'missing' | 'malformed' | 'mismatch' | 'too old' | 'from the future' };

/** One value of a header, whatever the case of its name; undefined when absent or repeated. */
function single(headers: IncomingHeaders, name: string): string | undefined {
  const values = Object.entries(headers)
    .filter(([key]) => key.toLowerCase() === name)
    .flatMap(([, value]) => (value === undefined ? [] : Array.isArray(value) ? value : [value]));
  return values.length === 1 ? values[0] : undefined;
}

/**
 * What a receiver does with a delivery: the timestamped signature must match the raw body
 * and the secret, and its timestamp lie within `toleranceSeconds` of the receiver's `now`
 * either way, so a request recorded and sent again later is refused.
 */
export function verifyTimestampedSignature(secret: string, rawBody: string, headers: IncomingHeaders, now: Date, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): TimestampedVerdict {
  const stamp = single(headers, TIMESTAMP_HEADER);
  const signature = single(headers, TIMESTAMPED_SIGNATURE_HEADER);
  if (stamp === undefined || signature === undefined) return { valid: false, reason: 'missing' };
  if (!/^(?:0|[1-9]\d{0,11})$/.test(stamp)) return { valid: false, reason: 'malformed' };
  const timestamp = Number(stamp);
  if (!equalInConstantTime(signTimestamped(secret, timestamp, rawBody), signature)) return { valid: false, reason: 'mismatch' };
  const age = now.getTime() / 1000 - timestamp;
  if (age > toleranceSeconds) return { valid: false, reason: 'too old' };
  if (age < -toleranceSeconds) return { valid: false, reason: 'from the future' };
  return { valid: true, timestamp };
}
