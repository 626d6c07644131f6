import { createHash } from 'node:crypto';
import { chainHash, GENESIS_HASH, toJsonValue } from './audit-chain';
import { chainedJson } from './audit.service';

describe('chainedJson', () => {
  it('is what chainHash hashes after the previous hash, so SQL can finish the hash', () => {
    const fields = {
      occurredAt: new Date(Date.UTC(2026, 2, 28, 9, 0, 0, 123)),
      actorId: 'k1',
      actorName: 'Functionaris gegevensbescherming é€',
      action: 'incident.reported',
      entityType: 'incident',
      entityId: 'i1',
      before: null,
      after: toJsonValue({ title: 'Lek 😀', at: new Date(Date.UTC(2026, 0, 1)), tags: ['b', 'a'], nested: { z: 1, y: undefined } }),
    };
    const sqlSide = createHash('sha256').update(Buffer.from(`${GENESIS_HASH}\n${chainedJson(fields)}`, 'utf8')).digest('hex');
    expect(sqlSide).toBe(chainHash(GENESIS_HASH, fields));
  });
});
