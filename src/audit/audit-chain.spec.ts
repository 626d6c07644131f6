import { canonicalJson, chainHash, GENESIS_HASH, VerifiableEntry, verifyChain } from './audit-chain';

function chain(n: number): VerifiableEntry[] {
  const entries: VerifiableEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const fields = {
      occurredAt: new Date(Date.UTC(2026, 0, i)),
      actorId: 'k1',
      actorName: 'officer',
      action: 'processor.created',
      entityType: 'processor',
      entityId: `p${i}`,
      before: null,
      after: { name: `P${i}`, tags: ['a', 'b'] },
    };
    const hash = chainHash(prev, fields);
    entries.push({ id: String(i), prevHash: prev, hash, ...fields });
    prev = hash;
  }
  return entries;
}

describe('audit chain', () => {
  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }));
  });

  it('accepts an untouched chain', () => {
    expect(verifyChain(chain(5)).verdict).toEqual({ valid: true, entries: 5 });
  });

  it('names the first edited entry', () => {
    const entries = chain(5);
    entries[2].after = { name: 'tampered', tags: ['a', 'b'] };
    expect(verifyChain(entries).verdict).toEqual({ valid: false, entries: 5, firstInvalidId: '3' });
  });

  it('detects a deleted entry', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(verifyChain(entries).verdict.firstInvalidId).toBe('3');
  });

  it('detects a recomputed entry whose successor still points to the old hash', () => {
    const entries = chain(3);
    entries[0].actorName = 'someone else';
    entries[0].hash = chainHash(entries[0].prevHash, entries[0]);
    expect(verifyChain(entries).verdict.firstInvalidId).toBe('2');
  });
});
