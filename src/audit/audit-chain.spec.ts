import fc from 'fast-check';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { AuditChainKeys } from '../config/audit-chain-keys';
import {
  canonicalJson,
  ChainedFields,
  chainedText,
  ChainFault,
  chainInstant,
  ChainSigner,
  ChainWalk,
  checkpointSignature,
  GENESIS_HASH,
  payloadDigest,
  payloadDigestInput,
  payloadText,
  StoredCheckpoint,
  StoredEntry,
} from './audit-chain';

const KEY_A = 'a'.repeat(40);
const KEY_B = 'b'.repeat(40);

type Entry = StoredEntry & { fields: ChainedFields };

/** Appends `n` entries signed with the current key of `keys`, as the service writes them. */
function append(entries: Entry[], keys: AuditChainKeys, n: number): Entry[] {
  const key = keys.current;
  const signer = new ChainSigner(key.secret);
  for (let i = 0; i < n; i++) {
    const id = String(entries.length + 1);
    const payloadInput = payloadDigestInput(randomBytes(32), payloadText(null, { name: `Jan ${id}`, email: `jan${id}@example.nl`, note: 'é€😀' }));
    const fields: ChainedFields = {
      occurredAt: chainInstant(new Date(Date.UTC(2026, 0, 1, 0, 0, Number(id)))),
      actorId: 'k1',
      actorName: 'officer',
      action: 'contact.created',
      entityType: 'contact',
      entityId: `c${id}`,
      payloadDigest: payloadDigest(payloadInput),
      keyId: key.id,
    };
    const prevHash = entries.at(-1)?.hash ?? GENESIS_HASH;
    const text = chainedText(fields);
    entries.push({ id, keyId: key.id, text, prevHash, hash: signer.link(prevHash, text), payloadDigest: fields.payloadDigest, payloadInput, payloadErased: false, fields });
  }
  return entries;
}

/** As verify reads an entry whose chained column `field` was set to `value`. */
function edit(entry: Entry, field: keyof ChainedFields, value: string): void {
  entry.fields = { ...entry.fields, [field]: value };
  entry.text = chainedText(entry.fields);
  if (field === 'keyId') entry.keyId = value;
  if (field === 'payloadDigest') entry.payloadDigest = value;
}

function checkpoint(keys: AuditChainKeys, entries: StoredEntry[], id = '1'): StoredCheckpoint {
  const head = entries.at(-1);
  const fields = { createdAt: '2026-02-01T00:00:00.000000Z', entryCount: entries.length, headEntryId: head?.id ?? null, headHash: head?.hash ?? GENESIS_HASH, keyId: keys.current.id };
  return { id, ...fields, signature: checkpointSignature(new ChainSigner(keys.current.secret), fields) };
}

function walk(entries: StoredEntry[], keys: AuditChainKeys, checkpoints: StoredCheckpoint[] = []): ChainFault | null {
  const w = new ChainWalk(keys, checkpoints);
  const started = w.start();
  if (started) return started;
  for (const entry of entries) {
    const fault = w.step(entry);
    if (fault) return fault;
  }
  return w.finish();
}

const keysA = new AuditChainKeys(KEY_A);

describe('audit chain', () => {
  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }));
  });

  it('canonical JSON is the plain recursive definition over what JSON.stringify makes of any value: integer-like keys, undefined members, dates, toJSON and non-ASCII included', () => {
    const reference = (value: unknown): string => {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
      if (typeof value === 'object') {
        const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
      }
      return JSON.stringify(value);
    };
    const asJson = (value: unknown): unknown => (value === undefined || typeof value === 'function' ? null : JSON.parse(JSON.stringify(value)));
    const value = fc.letrec((tie) => ({
      any: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 1 }),
        fc.constant(undefined),
        fc.constant(() => 'a function'),
        fc.date({ noInvalidDate: true }),
        fc.constant({ toJSON: () => ({ b: 2, a: [new Date(0), undefined] }) }),
        fc.string({ unit: 'grapheme' }),
        fc.array(tie('any'), { maxLength: 4 }),
        fc.dictionary(fc.oneof(fc.string({ unit: 'grapheme' }), fc.nat().map(String)), tie('any'), { maxKeys: 5 }),
      ),
    })).any;
    fc.assert(fc.property(value, (v) => expect(canonicalJson(v)).toBe(reference(asJson(v)))));
  });

  it('writes the chained text exactly as the canonical JSON of the fields, whatever the characters', () => {
    const text = fc.string({ unit: 'grapheme' });
    fc.assert(
      fc.property(fc.record({ occurredAt: text, actorId: text, actorName: text, action: text, entityType: text, entityId: text, payloadDigest: text, keyId: text }), (fields) => {
        expect(chainedText(fields)).toBe(canonicalJson(fields));
      }),
    );
  });

  it('hashes instants to the microsecond', () => {
    expect(chainInstant(new Date('2026-03-29T01:59:59.123Z'))).toBe('2026-03-29T01:59:59.123000Z');
  });

  it('signs links and checkpoints with HMAC-SHA256 of the key, keys longer than a block included', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 200 }), fc.string(), fc.string({ unit: 'grapheme' }), (secret, prev, text) => {
        const key = Buffer.from(secret);
        expect(new ChainSigner(key).link(prev, text)).toBe(createHmac('sha256', key).update(`${prev}\n${text}`).digest('hex'));
        expect(new ChainSigner(key).sign(text)).toBe(createHmac('sha256', key).update(text).digest('hex'));
      }),
    );
  });

  it('accepts an untouched chain, erased payloads included', () => {
    const entries = append([], keysA, 5);
    entries[1].payloadInput = null;
    entries[1].payloadErased = true;
    expect(walk(entries, keysA, [checkpoint(keysA, entries)])).toBeNull();
  });

  it('names the first entry of which any one stored column was edited', () => {
    const chained = ['occurredAt', 'actorId', 'actorName', 'action', 'entityType', 'entityId', 'payloadDigest', 'keyId'] as const;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.nat(), fc.constantFrom(...chained, 'prevHash', 'hash'), fc.string({ minLength: 1 }), (n, at, field, junk) => {
        const entries = append([], keysA, n);
        const victim = entries[at % n];
        if (field === 'prevHash' || field === 'hash') {
          fc.pre(victim[field] !== junk);
          victim[field] = junk;
        } else {
          fc.pre(victim.fields[field] !== junk);
          edit(victim, field, junk);
        }
        expect(walk(entries, keysA)?.entryId).toBe(victim.id);
      }),
    );
  });

  it('names an instant moved by one microsecond', () => {
    const entries = append([], keysA, 3);
    edit(entries[1], 'occurredAt', entries[1].fields.occurredAt.replace('000Z', '001Z'));
    expect(walk(entries, keysA)).toMatchObject({ problem: 'altered-entry', entryId: '2' });
  });

  it('names an edited payload, and a payload row deleted rather than erased', () => {
    const edited = append([], keysA, 3);
    edited[1].payloadInput = edited[1].payloadInput!.replace('Jan', 'Piet');
    expect(walk(edited, keysA)).toMatchObject({ problem: 'altered-payload', entryId: '2' });
    const deleted = append([], keysA, 3);
    deleted[2].payloadInput = null;
    expect(walk(deleted, keysA)).toMatchObject({ problem: 'missing-payload', entryId: '3' });
  });

  it('detects a deleted entry at its successor', () => {
    const entries = append([], keysA, 5);
    entries.splice(1, 1);
    expect(walk(entries, keysA)).toMatchObject({ problem: 'broken-link', entryId: '3' });
  });

  it('refuses a tail appended with a recomputed plain sha256, or signed with another key under this key id', () => {
    for (const sign of [
      (prev: string, text: string) => createHash('sha256').update(prev).update('\n').update(text).digest('hex'),
      (prev: string, text: string) => new ChainSigner(Buffer.from('an attacker key of 32 characters!!')).link(prev, text),
    ]) {
      const entries = append([], keysA, 3);
      const forged = { ...entries[2], id: '4', prevHash: entries[2].hash };
      edit(forged, 'entityId', 'c4');
      forged.hash = sign(forged.prevHash, forged.text);
      entries.push(forged);
      expect(walk(entries, keysA)).toMatchObject({ problem: 'altered-entry', entryId: '4' });
    }
  });

  it('verifies across a key rotation with the retired key configured, and only then', () => {
    const keysB = new AuditChainKeys(KEY_B, [KEY_A]);
    const entries = append(append([], keysA, 3), keysB, 3);
    expect(walk(entries, keysB)).toBeNull();
    expect(walk(entries, new AuditChainKeys(KEY_B))).toMatchObject({ problem: 'unknown-key', entryId: '1' });
  });

  it('refuses an entry signed with a retired key after its successor took over', () => {
    const keysB = new AuditChainKeys(KEY_B, [KEY_A]);
    const entries = append(append(append([], keysA, 2), keysB, 2), keysA, 1);
    expect(walk(entries, keysB)).toMatchObject({ problem: 'retired-key', entryId: '5' });
  });

  it('names a truncation after a checkpoint, with the count missing', () => {
    const entries = append([], keysA, 5);
    const cp = checkpoint(keysA, entries, '7');
    expect(walk(entries.slice(0, 2), keysA, [cp])).toEqual({
      problem: 'truncated',
      detail: expect.stringMatching(/^3 entries missing after checkpoint 7 \(2026-02-01T00:00:00\.000000Z\): it recorded 5 entries up to entry 5, the chain now ends at entry 2 after 2$/),
    });
    expect(walk([], keysA, [cp])?.detail).toMatch(/^5 entries missing after checkpoint 7/);
  });

  it('refuses a forged or edited checkpoint, and one the chain disagrees with', () => {
    const entries = append([], keysA, 3);
    const forged = { ...checkpoint(keysA, entries), entryCount: 9 };
    expect(walk(entries, keysA, [forged])).toMatchObject({ problem: 'forged-checkpoint' });
    const other = append([], keysA, 3);
    expect(walk(entries, keysA, [checkpoint(keysA, other)])).toMatchObject({ problem: 'checkpoint-mismatch', entryId: '3' });
  });
});
