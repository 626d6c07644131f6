import { createHmac } from 'node:crypto';
import { signBody, verifySignature } from './webhook-signature';

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
