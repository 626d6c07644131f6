import { Repository } from 'typeorm';
import { UnitOfWork } from '../audit/unit-of-work';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { hashApiKey, keyPrefix } from './api-key-secret';
import { ApiKey } from './api-key.entity';
import { ApiKeysService, AUTH_CACHE_TTL_MS } from './api-keys.service';

const KEY = 'pat_unit_test_key_0123456789abcdef';

/** One key row in memory; `lookups` counts reads, and a read can be held open to race a revoke. */
function setup() {
  const row: ApiKey = { id: 'k1', name: 'officer', role: 'officer', processorId: null, keyHash: hashApiKey(KEY), keyPrefix: keyPrefix(KEY), createdAt: new Date(), revokedAt: null };
  const state = { lookups: 0, hold: undefined as Promise<void> | undefined, row };
  const keys = {
    findOne: async ({ where }: { where: { keyHash: string } }) => {
      state.lookups += 1;
      const seen = where.keyHash === row.keyHash && !row.revokedAt ? { ...row } : null;
      await state.hold;
      return seen;
    },
  } as unknown as Repository<ApiKey>;
  const manager = {
    findOne: () => Promise.resolve(row),
    save: (saved: ApiKey) => Promise.resolve(Object.assign(row, saved)),
  };
  const unitOfWork = { run: <T>(_actor: unknown, work: (change: { manager: typeof manager; audit: () => void }) => Promise<T>) => work({ manager, audit: () => undefined }) } as unknown as UnitOfWork;
  const clock: Clock = { now: () => new Date() };
  const service = new ApiKeysService(keys, unitOfWork, clock, {} as AppConfig);
  return { service, state };
}

describe('ApiKeysService.authenticate', () => {
  const admin = { id: 'admin', name: 'admin', role: 'admin' as const };

  it('reuses a recent authentication, and refuses a revoked key at once', async () => {
    const { service, state } = setup();
    expect(await service.authenticate(KEY)).toMatchObject({ id: 'k1', role: 'officer' });
    expect(await service.authenticate(KEY)).toMatchObject({ id: 'k1' });
    expect(state.lookups).toBe(1);

    await service.revoke('k1', admin);
    expect(await service.authenticate(KEY)).toBeNull();
  });

  it('does not keep what a lookup read while a revoke committed', async () => {
    const { service, state } = setup();
    let release!: () => void;
    state.hold = new Promise((resolve) => (release = resolve));
    const inFlight = service.authenticate(KEY);
    await service.revoke('k1', admin);
    release();
    expect(await inFlight).toMatchObject({ id: 'k1' });
    state.hold = undefined;
    expect(await service.authenticate(KEY)).toBeNull();
  });

  it('refuses a key another replica revoked once the reuse window has passed', async () => {
    jest.useFakeTimers();
    try {
      const { service, state } = setup();
      expect(await service.authenticate(KEY)).toMatchObject({ id: 'k1' });
      // Another process's revoke: the row changes, this process's cache is not told.
      state.row.revokedAt = new Date();
      jest.advanceTimersByTime(AUTH_CACHE_TTL_MS - 1);
      expect(await service.authenticate(KEY)).toMatchObject({ id: 'k1' });
      jest.advanceTimersByTime(1);
      expect(await service.authenticate(KEY)).toBeNull();
      expect(state.lookups).toBe(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('never caches an unknown key, so a key issued afterwards works', async () => {
    const { service, state } = setup();
    expect(await service.authenticate('pat_unknown_key_0123456789abcdef')).toBeNull();
    expect(await service.authenticate('pat_unknown_key_0123456789abcdef')).toBeNull();
    expect(state.lookups).toBe(2);
  });
});
