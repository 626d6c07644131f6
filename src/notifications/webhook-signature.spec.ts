import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { signatureHeaders, signBody, signTimestamped, verifySignature, verifyTimestampedSignature } from './webhook-signature';

describe('webhook signature', () => {
  it('is the hex HMAC-SHA256 of the raw body', () => {
    const body = '{"id":"1","event":"deadline.missed"}';
    expect(signBody('s3cret', body)).toBe(`sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}`);
  });

  it('verifies only the exact body with the right secret', () => {
    const body = '{"a":1}';
    const header = signBody('s3cret', body);
    expect(verifySignature('s3cret', body, header)).toBe(true);
    expect(verifySignature('other', body, header)).toBe(false);
    expect(verifySignature('s3cret', '{"a":2}', header)).toBe(false);
    expect(verifySignature('s3cret', body, undefined)).toBe(false);
  });
});

describe('timestamped webhook signature', () => {
  const SECRET = 'whsec_0123456789abcdef';
  const BODY = '{"id":"d1","event":"incident.created","data":{"title":"Phishing – €"}}';
  const SENT = new Date('2026-02-10T09:00:00.750Z');
  const TS = 1770714000;
  const headers = signatureHeaders(SECRET, BODY, SENT);
  const at = (secondsAfter: number) => new Date((TS + secondsAfter) * 1000);

  it('signs "<unix seconds>.<raw body>" and leaves X-Signature as it was', () => {
    expect(headers).toEqual({
      'x-signature': signBody(SECRET, BODY),
      'x-signature-timestamp': String(TS),
      'x-signature-timestamped': `sha256=${createHmac('sha256', SECRET).update(`${TS}.${BODY}`).digest('hex')}`,
    });
  });

  it.each<[string, Parameters<typeof verifyTimestampedSignature>, string]>([
    ['valid, at once', [SECRET, BODY, headers, at(0), 300], 'valid'],
    ['valid, five minutes later', [SECRET, BODY, headers, at(300), 300], 'valid'],
    ['valid with a receiver clock a little behind', [SECRET, BODY, headers, at(-30), 300], 'valid'],
    ['tampered body', [SECRET, BODY.replace('d1', 'd2'), headers, at(0), 300], 'mismatch'],
    ['wrong secret', ['whsec_someone_else_000', BODY, headers, at(0), 300], 'mismatch'],
    ['too old: replayed six minutes later', [SECRET, BODY, headers, at(301), 300], 'too old'],
    ['from the future', [SECRET, BODY, headers, at(-301), 300], 'from the future'],
    ['a stricter tolerance', [SECRET, BODY, headers, at(31), 30], 'too old'],
    ['timestamp moved forward to pass the window', [SECRET, BODY, { ...headers, 'x-signature-timestamp': String(TS + 3600) }, at(3600), 300], 'mismatch'],
    ['no timestamp', [SECRET, BODY, { 'x-signature-timestamped': headers['x-signature-timestamped'] }, at(0), 300], 'missing'],
    ['no timestamped signature', [SECRET, BODY, { 'x-signature': headers['x-signature'], 'x-signature-timestamp': String(TS) }, at(0), 300], 'missing'],
    ['two timestamps', [SECRET, BODY, { ...headers, 'x-signature-timestamp': [String(TS), String(TS)] }, at(0), 300], 'missing'],
    ['a timestamp in milliseconds is not one in seconds', [SECRET, BODY, { ...headers, 'x-signature-timestamp': String(TS * 1000) }, at(0), 300], 'malformed'],
    ['a padded timestamp', [SECRET, BODY, { ...headers, 'x-signature-timestamp': `0${TS}` }, at(0), 300], 'malformed'],
    ['a negative timestamp', [SECRET, BODY, { ...headers, 'x-signature-timestamp': `-${TS}` }, at(0), 300], 'malformed'],
    ['header names in any case', [SECRET, BODY, { 'X-Signature-Timestamp': String(TS), 'X-Signature-Timestamped': headers['x-signature-timestamped'] }, at(0), 300], 'valid'],
  ])('%s', (_, args, expected) => {
    const verdict = verifyTimestampedSignature(...args);
    expect(verdict.valid ? 'valid' : verdict.reason).toBe(expected);
  });

  it('reports the timestamp it accepted, and defaults to five minutes of tolerance', () => {
    expect(verifyTimestampedSignature(SECRET, BODY, headers, at(300))).toEqual({ valid: true, timestamp: TS });
    expect(verifyTimestampedSignature(SECRET, BODY, headers, at(301))).toEqual({ valid: false, reason: 'too old' });
  });

  it('accepts what it signed within the window and nothing signed for another body or time', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer({ min: 0, max: 4_000_000_000 }), fc.integer({ min: -300, max: 300 }), (body, other, seconds, skew) => {
        const signed = signatureHeaders(SECRET, body, new Date(seconds * 1000 + 999));
        expect(verifyTimestampedSignature(SECRET, body, signed, new Date((seconds + skew) * 1000), 300).valid).toBe(true);
        if (other !== body) expect(verifyTimestampedSignature(SECRET, other, signed, new Date(seconds * 1000), 300)).toEqual({ valid: false, reason: 'mismatch' });
        expect(signTimestamped(SECRET, seconds + 1, body)).not.toBe(signed['x-signature-timestamped']);
      }),
    );
  });
});
