import { createHash, randomBytes } from 'node:crypto';

/**
 * Keys carry 256 random bits, so a fast hash is enough: there is no password to guess.
 * The prefix lets a person tell keys apart in a list without seeing them.
 */
export function generateApiKey(): string {
  return `pat_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function keyPrefix(key: string): string {
  return key.slice(0, 10);
}
