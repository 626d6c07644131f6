import { createHash, Hash, hash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with sorted keys, so a value read back hashes as it was written: what JSON.stringify
 * would write (a Date as its ISO text, a member without a value left out, one in an array as
 * null), keys sorted, in one pass. Loops and string appends rather than entries, filter and
 * map: a breach report for 20,000 controllers is megabytes of payload, and intermediate
 * arrays, or a JSON round trip first, were most of its cost.
 */
export function canonicalJson(value: unknown): string {
  return canonical(value) ?? 'null';
}

/** A string, number, boolean or null, or an array of such values or arrays. */
function keyless(value: unknown): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return true;
    case 'object':
      return Array.isArray(value) && value.every(keyless);
    default:
      return false;
  }
}

/** The canonical text of a value, or undefined where JSON writes nothing (undefined, a function, a symbol). */
function canonical(value: unknown): string | undefined {
  const json = value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON(): unknown }).toJSON() : value;
  if (json === null || typeof json !== 'object') return JSON.stringify(json);
  if (Array.isArray(json)) {
    // Arrays all the way down hold no keys to sort: JSON.stringify writes them as they are, natively (the report's rows of values).
    if (json.every(keyless)) return JSON.stringify(json);
    let text = '[';
    for (let i = 0; i < json.length; i++) text += (i === 0 ? '' : ',') + (canonical(json[i]) ?? 'null');
    return `${text}]`;
  }
  const object = json as Record<string, unknown>;
  let text = '{';
  // The default sort compares UTF-16 code units, as `<` does.
  for (const key of Object.keys(object).sort()) {
    const member = canonical(object[key]);
    if (member === undefined) continue;
    text += (text.length === 1 ? '' : ',') + JSON.stringify(key) + ':' + member;
  }
  return `${text}}`;
}

/**
 * An instant as the chain hashes it: UTC with microseconds, the precision `timestamptz`
 * stores, so an edit of one microsecond changes the text. `chainInstantSql` reads a stored
 * instant back as the same text.
 */
export function chainInstant(date: Date): string {
  return date.toISOString().replace(/Z$/, '000Z');
}

export const chainInstantSql = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The personal part of an entry (before/after), as stored apart from the chain. */
export function payloadText(before: unknown, after: unknown): string {
  return canonicalJson({ after: after ?? null, before: before ?? null });
}

/** What a payload's digest is taken of: its salt in hex, a newline, the payload. */
export const payloadDigestInput = (salt: Buffer, text: string): string => `${salt.toString('hex')}\n${text}`;
export const payloadDigestInputSql = (salt: string, payload: string): string => `encode(${salt}, 'hex') || E'\\n' || ${payload}`;

/**
 * What the chain holds of a payload: sha256 of it behind the entry's own random salt. Once
 * the payload and its salt are erased, the digest confirms no guess of what they were.
 */
export function payloadDigest(input: string): string {
  return hash('sha256', input, 'hex');
}

/** What one link signs besides the previous hash. */
export interface ChainedFields {
  occurredAt: string;
  actorId: string;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string;
  payloadDigest: string;
  keyId: string;
}

/** `canonicalJson(fields)`, written out in its key order. */
export function chainedText(f: ChainedFields): string {
  const s = JSON.stringify;
  return `{"action":${s(f.action)},"actorId":${s(f.actorId)},"actorName":${s(f.actorName)},"entityId":${s(f.entityId)},"entityType":${s(f.entityType)},"keyId":${s(f.keyId)},"occurredAt":${s(f.occurredAt)},"payloadDigest":${s(f.payloadDigest)}}`;
}

/**
 * The SQL twin of `chainedText` over the `audit_log` row `a`: verify reads each entry as
 * this one string rather than eight. `to_json(text)` escapes a string as JSON.stringify
 * does (audit-chain.e2e-spec proves the two agree, non-ASCII and control characters too).
 */
export function chainedTextSql(a: string): string {
  const s = (column: string) => `to_json(${a}.${column}::text)::text`;
  return `'{"action":' || ${s('action')} || ',"actorId":' || ${s('actor_id')} || ',"actorName":' || ${s('actor_name')} || ',"entityId":' || ${s('entity_id')} || ',"entityType":' || ${s('entity_type')} || ',"keyId":' || ${s('key_id')} || ',"occurredAt":"' || ${chainInstantSql(`${a}.occurred_at`)} || '","payloadDigest":' || ${s('payload_digest')} || '}'`;
}

/**
 * HMAC-SHA256 (RFC 2104) with one key, its padded key blocks hashed once: a verify of a
 * million links would otherwise set up the key a million times.
 */
export class ChainSigner {
  private readonly inner: Hash;
  private readonly outer: Hash;

  constructor(secret: Buffer) {
    const block = Buffer.alloc(64);
    (secret.length > 64 ? createHash('sha256').update(secret).digest() : secret).copy(block);
    this.inner = createHash('sha256').update(block.map((b) => b ^ 0x36));
    this.outer = createHash('sha256').update(block.map((b) => b ^ 0x5c));
  }

  /** The link: over the previous hash, "\n" and the entry's chained text. */
  link(prevHash: string, text: string): string {
    const inner = this.inner.copy().update(prevHash).update('\n').update(text, 'utf8').digest();
    return this.outer.copy().update(inner).digest('hex');
  }

  sign(text: string): string {
    return this.outer.copy().update(this.inner.copy().update(text, 'utf8').digest()).digest('hex');
  }
}

/** What a checkpoint states: the chain had `entryCount` entries, the last `headEntryId` with `headHash`. */
export interface CheckpointFields {
  createdAt: string;
  entryCount: number;
  headEntryId: string | null;
  headHash: string;
  keyId: string;
}

export function checkpointSignature(signer: ChainSigner, fields: CheckpointFields): string {
  const { createdAt, entryCount, headEntryId, headHash, keyId } = fields;
  return signer.sign(canonicalJson({ createdAt, entryCount, headEntryId, headHash, keyId }));
}

export interface StoredCheckpoint extends CheckpointFields {
  id: string;
  signature: string;
}

/**
 * An entry as verify reads it: its chained text (as `chainedTextSql` builds it from the
 * columns), its link, and what its payload digest is taken of — null once the payload is
 * erased, or when its row was removed (`payloadErased` tells the two apart).
 */
export interface StoredEntry {
  id: string;
  keyId: string;
  text: string;
  prevHash: string;
  hash: string;
  payloadDigest: string;
  payloadInput: string | null;
  payloadErased: boolean;
}

export interface ChainKeyring {
  find(keyId: string): { secret: Buffer; rank: number } | undefined;
}

export const CHAIN_PROBLEMS = ['unknown-key', 'retired-key', 'broken-link', 'altered-entry', 'altered-payload', 'missing-payload', 'checkpoint-mismatch', 'forged-checkpoint', 'truncated'] as const;
export type ChainProblem = (typeof CHAIN_PROBLEMS)[number];

export interface ChainFault {
  problem: ChainProblem;
  detail: string;
  entryId?: string;
}

/**
 * Walks the chain entry by entry in id order, holding only the last link: each entry must
 * be signed by a configured key no older than its predecessor's, link to the previous
 * hash, hash to its own content and, unless erased, hold the payload its digest names.
 * Checkpoints pin the chain: the entry at each checkpoint's count must be its head, and a
 * chain shorter than a checkpoint's count was cut short.
 */
export class ChainWalk {
  entries = 0;
  readonly signedBy = new Map<string, number>();
  private prevHash = GENESIS_HASH;
  private lastId: string | null = null;
  private rank = -1;
  private readonly signers = new Map<string, { signer: ChainSigner; rank: number } | null>();
  private readonly checkpointsAt = new Map<number, StoredCheckpoint[]>();
  private readonly latest: StoredCheckpoint | null;

  constructor(
    private readonly keys: ChainKeyring,
    private readonly checkpoints: StoredCheckpoint[],
  ) {
    for (const c of checkpoints) this.checkpointsAt.set(c.entryCount, [...(this.checkpointsAt.get(c.entryCount) ?? []), c]);
    this.latest = checkpoints.reduce<StoredCheckpoint | null>((best, c) => (!best || c.entryCount > best.entryCount ? c : best), null);
  }

  /** The checkpoint with the highest count: the longest chain the service has vouched for. */
  get latestCheckpoint(): StoredCheckpoint | null {
    return this.latest;
  }

  /** Every checkpoint must carry a signature of a configured key. */
  start(): ChainFault | null {
    for (const c of this.checkpoints) {
      const key = this.key(c.keyId);
      if (!key) return { problem: 'unknown-key', detail: `checkpoint ${c.id} is signed with key ${c.keyId}, which is neither AUDIT_CHAIN_KEY nor in AUDIT_CHAIN_PREVIOUS_KEYS` };
      if (checkpointSignature(key.signer, c) !== c.signature) return { problem: 'forged-checkpoint', detail: `checkpoint ${c.id} does not match its signature: it was edited or forged` };
    }
    return this.atCount(0, null, GENESIS_HASH);
  }

  step(entry: StoredEntry): ChainFault | null {
    this.entries += 1;
    const fault = this.check(entry);
    if (fault) return { ...fault, entryId: entry.id };
    this.signedBy.set(entry.keyId, (this.signedBy.get(entry.keyId) ?? 0) + 1);
    this.prevHash = entry.hash;
    this.lastId = entry.id;
    return this.atCount(this.entries, entry.id, entry.hash);
  }

  /** After the last entry: a checkpoint that counted more entries than there are names a truncation. */
  finish(): ChainFault | null {
    const latest = this.latest;
    if (!latest || latest.entryCount <= this.entries) return null;
    const missing = latest.entryCount - this.entries;
    return {
      problem: 'truncated',
      detail: `${missing} ${missing === 1 ? 'entry' : 'entries'} missing after checkpoint ${latest.id} (${latest.createdAt}): it recorded ${latest.entryCount} entries up to entry ${latest.headEntryId}, the chain now ends at ${this.lastId === null ? 'no entry' : `entry ${this.lastId}`} after ${this.entries}`,
    };
  }

  private key(keyId: string): { signer: ChainSigner; rank: number } | null {
    let key = this.signers.get(keyId);
    if (key === undefined) {
      const found = this.keys.find(keyId);
      key = found ? { signer: new ChainSigner(found.secret), rank: found.rank } : null;
      this.signers.set(keyId, key);
    }
    return key;
  }

  private check(entry: StoredEntry): Omit<ChainFault, 'entryId'> | null {
    const key = this.key(entry.keyId);
    if (!key) return { problem: 'unknown-key', detail: `entry ${entry.id} is signed with key ${entry.keyId}, which is neither AUDIT_CHAIN_KEY nor in AUDIT_CHAIN_PREVIOUS_KEYS` };
    if (key.rank < this.rank) return { problem: 'retired-key', detail: `entry ${entry.id} is signed with key ${entry.keyId}, retired before the key of the entry preceding it` };
    this.rank = key.rank;
    if (entry.prevHash !== this.prevHash) return { problem: 'broken-link', detail: `entry ${entry.id} does not link to the entry before it: an entry was removed, inserted or reordered` };
    if (key.signer.link(entry.prevHash, entry.text) !== entry.hash)
      return { problem: 'altered-entry', detail: `entry ${entry.id} does not match its signed hash: it was edited, or not written by this service` };
    if (entry.payloadInput === null) {
      // Only a sweep erases payloads, and it names its erasure-ledger entry; a payload blanked without one was tampered with.
      return entry.payloadErased ? null : { problem: 'missing-payload', detail: `entry ${entry.id} has no payload, and no erasure-ledger entry says it was erased: it was deleted or blanked` };
    }
    if (payloadDigest(entry.payloadInput) !== entry.payloadDigest) {
      return { problem: 'altered-payload', detail: `the payload (before/after) of entry ${entry.id} does not match the digest in the chain: it was edited` };
    }
    return null;
  }

  private atCount(count: number, headId: string | null, headHash: string): ChainFault | null {
    for (const c of this.checkpointsAt.get(count) ?? []) {
      if (c.headEntryId !== headId || c.headHash !== headHash) {
        return {
          problem: 'checkpoint-mismatch',
          entryId: headId ?? undefined,
          detail: `checkpoint ${c.id} recorded entry ${c.headEntryId} with hash ${c.headHash} as entry number ${count}; the chain has ${headId === null ? 'no entry' : `entry ${headId}`} there`,
        };
      }
    }
    return null;
  }
}
