import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  occurredAt: Date;
  actorId: string;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** JSON with sorted keys, so a value read back from jsonb hashes as it was written. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Plain JSON as jsonb will hand it back: Dates become ISO strings, undefined disappears. */
export function toJsonValue(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** What `chainHash` hashes after `prevHash` and a newline; the INSERT hashes the same text in SQL. */
export function chainedJson(fields: ChainedFields): string {
  return canonicalJson({
    occurredAt: fields.occurredAt.toISOString(),
    actorId: fields.actorId,
    actorName: fields.actorName,
    action: fields.action,
    entityType: fields.entityType,
    entityId: fields.entityId,
    before: fields.before,
    after: fields.after,
  });
}

export function chainHash(prevHash: string, fields: ChainedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(chainedJson(fields)).digest('hex');
}

export interface VerifiableEntry extends ChainedFields {
  id: string;
  prevHash: string;
  hash: string;
}

export interface ChainVerdict {
  valid: boolean;
  entries: number;
  firstInvalidId?: string;
}

/** Walks entries in id order from `prevHash`; the first entry whose link does not hold breaks the chain. */
export function verifyChain(entries: VerifiableEntry[], prevHash = GENESIS_HASH): { verdict: ChainVerdict; lastHash: string } {
  let expected = prevHash;
  for (const entry of entries) {
    if (entry.prevHash !== expected || chainHash(entry.prevHash, entry) !== entry.hash) {
      return { verdict: { valid: false, entries: entries.length, firstInvalidId: entry.id }, lastHash: expected };
    }
    expected = entry.hash;
  }
  return { verdict: { valid: true, entries: entries.length }, lastHash: expected };
}
