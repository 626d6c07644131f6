import fc from 'fast-check';
import { spawn } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ALL_MIGRATIONS } from '../migrations';
import { AuditChainKeyed1763719700000 } from '../migrations/1763719700000-audit-chain-keyed';
import { canonicalJson, ChainedFields, chainedText, chainedTextSql, chainInstant, chainInstantSql, payloadDigest, payloadDigestInput, payloadText } from '../src/audit/audit-chain';
import { Actor } from '../src/common/actor';
import { FakeClock } from '../src/common/clock';
import { AuditChainKeys } from '../src/config/audit-chain-keys';
import { dataSourceOptions } from '../src/database/data-source-options';
import { runMigrationsLocked } from '../src/database/run-migrations';
import { RetentionRunsService } from '../src/retention/retention-runs.service';
import { CONTACT, INVOICE } from './factories/defaults';
import { createController } from './factories';
import { count } from './utils/count';
import { AUDIT_CHAIN_KEY, startTestApp, TestApp } from './utils/test-app';
import { databaseUrl, dropDatabase, uniqueName, withServer } from './utils/test-database';
import { waitFor } from './utils/wait-for';

const API = '/api/v1';
const OFFICER: Actor = { id: 'officer-1', name: 'Officer Jansen', role: 'officer' };
const KEY_A = 'pat_test_rotation_key_A_0123456789abcdef';
const KEY_B = 'pat_test_rotation_key_B_0123456789abcdef';

/** How many rows of the audit tables mention `text` anywhere, chain and payloads alike. */
async function auditMentions(db: DataSource, text: string): Promise<number> {
  return count(
    db,
    `SELECT 1 FROM audit_log a WHERE strpos(a::text, $1) > 0 UNION ALL SELECT 1 FROM audit_payloads p WHERE strpos(p::text, $1) > 0 UNION ALL SELECT 1 FROM audit_checkpoints c WHERE strpos(c::text, $1) > 0`,
    [text],
  );
}

describe('audit chain: payloads erased with their records', () => {
  let t: TestApp;
  let runs: RetentionRunsService;
  let officer: string;
  const clock = new FakeClock('2026-06-01T08:00:00Z');

  beforeAll(async () => {
    t = await startTestApp({ clock, workers: false });
    runs = t.app.get(RetentionRunsService);
    officer = await t.keyFor('officer');
  });

  afterAll(async () => {
    await t.close();
  });

  const addContact = async (controllerId: string, name: string, lastActivityAt: string) => {
    const res = await t
      .as(officer)
      .post(`${API}/controllers/${controllerId}/contacts`)
      .send({ ...CONTACT, name, email: `${name.toLowerCase().replace(/[^a-z]+/g, '')}@example.nl`, lastActivityAt });
    expect(res.status).toBe(201);
    return res.body as { id: string; name: string; email: string };
  };

  it('erases the audit payloads of a swept contact and an anonymised invoice, keeps those of kept records, and verify still proves the chain', async () => {
    const former = await createController(t, officer, { name: 'Former client' });
    const held = await createController(t, officer, { name: 'Client in litigation' });
    const gone = await addContact(former, 'Jozef Ébène', '2024-01-10T10:00:00Z');
    // An update puts the name in a `before` as well as an `after`.
    expect((await t.as(officer).patch(`${API}/controllers/${former}/contacts/${gone.id}`).send({ role: 'CFO' })).status).toBe(200);
    const recent = await addContact(former, 'Recent Contact', '2026-05-01T10:00:00Z');
    const underHold = await addContact(held, 'Held Contact', '2024-01-10T10:00:00Z');
    const invoice = await t
      .as(officer)
      .post(`${API}/controllers/${former}/invoices`)
      .send({ ...INVOICE, number: 'AUD-2015-1', issuedAt: '2015-03-01T10:00:00Z', billingName: 'Wilhelmina Factuur', billingAddress: 'Prinsengracht 263, Amsterdam', billingEmail: 'w.factuur@example.nl' });
    expect(invoice.status).toBe(201);
    expect(
      (
        await t
          .as(officer)
          .post(`${API}/legal-holds`)
          .send({ scope: { controllerId: held }, reason: 'Litigation' })
      ).status,
    ).toBe(201);

    for (const text of [gone.name, gone.email, 'Prinsengracht 263', 'w.factuur@example.nl']) expect(await auditMentions(t.dataSource, text)).toBeGreaterThan(0);

    const { id: runId } = await runs.request({}, OFFICER);
    const run = await runs.execute(runId);
    expect(run.counts.contact).toMatchObject({ deleted: 1, held: 1 });
    expect(run.counts.invoice).toMatchObject({ anonymized: 1 });

    expect(await count(t.dataSource, 'SELECT 1 FROM contacts WHERE id = $1', [gone.id])).toBe(0);
    for (const text of [gone.name, gone.email, 'Prinsengracht 263', 'Wilhelmina Factuur', 'w.factuur@example.nl']) expect(await auditMentions(t.dataSource, text)).toBe(0);
    // Kept: within its term, and under a hold.
    for (const kept of [recent, underHold]) {
      expect(await auditMentions(t.dataSource, kept.name)).toBe(1);
      expect(await auditMentions(t.dataSource, kept.email)).toBe(1);
    }

    const ledger = (await t.as().get(`${API}/retention/runs/${runId}/ledger`)).body as { id: string; category: string; recordCount: number; auditPayloadsErased: number }[];
    const contactBatch = ledger.find((l) => l.category === 'contact')!;
    const invoiceBatch = ledger.find((l) => l.category === 'invoice')!;
    expect(contactBatch).toMatchObject({ recordCount: 1, auditPayloadsErased: 2 });
    expect(invoiceBatch).toMatchObject({ recordCount: 1, auditPayloadsErased: 1 });

    const verdict = await t.as().get(`${API}/audit-log/verify`);
    expect(verdict.body).toMatchObject({ valid: true, erasedPayloads: { total: 3 } });
    expect(verdict.body.erasedPayloads.byLedgerEntry).toEqual(
      expect.arrayContaining([
        { ledgerEntryId: contactBatch.id, count: 2 },
        { ledgerEntryId: invoiceBatch.id, count: 1 },
      ]),
    );

    const log = await t.as().get(`${API}/audit-log?entityType=contact&entityId=${gone.id}`);
    expect(log.body.items).toHaveLength(2);
    for (const item of log.body.items) expect(item).toMatchObject({ before: null, after: null, payloadErased: { erasedAt: '2026-06-01T08:00:00.000Z', ledgerEntryId: contactBatch.id } });
    const keptLog = await t.as().get(`${API}/audit-log?entityType=contact&entityId=${recent.id}`);
    expect(keptLog.body.items[0]).toMatchObject({ action: 'contact.created', after: { name: 'Recent Contact' }, payloadErased: null });
  });
});

describe('audit chain: tampering is named', () => {
  let t: TestApp;
  let officer: string;

  const verify = async () => (await t.as().get(`${API}/audit-log/verify`)).body as Record<string, unknown>;
  const lastIds = async (n: number) => (await t.dataSource.query<{ id: string }[]>(`SELECT id FROM audit_log ORDER BY id DESC LIMIT $1`, [n])).map((r) => r.id);

  beforeAll(async () => {
    t = await startTestApp({ workers: false });
    officer = await t.keyFor('officer');
    for (let i = 0; i < 4; i++) await createController(t, officer, { name: `Klant ${i} — Ærø` });
    expect(await verify()).toMatchObject({ valid: true, entries: 6 });
  });

  afterAll(async () => {
    await t.close();
  });

  it('names an instant edited by one microsecond', async () => {
    const [, victim] = await lastIds(2);
    await t.dataSource.query(`UPDATE audit_log SET occurred_at = occurred_at + interval '1 microsecond' WHERE id = $1`, [victim]);
    expect(await verify()).toMatchObject({ valid: false, firstInvalidId: victim, problem: 'altered-entry', detail: expect.stringContaining(`entry ${victim}`) });
    await t.dataSource.query(`UPDATE audit_log SET occurred_at = occurred_at - interval '1 microsecond' WHERE id = $1`, [victim]);
    expect(await verify()).toMatchObject({ valid: true });
  });

  it('names an edited payload', async () => {
    const [victim] = await lastIds(1);
    await t.dataSource.query(`UPDATE audit_payloads SET payload = replace(payload, 'Klant', 'Klont') WHERE entry_id = $1`, [victim]);
    expect(await verify()).toMatchObject({ valid: false, firstInvalidId: victim, problem: 'altered-payload' });
    await t.dataSource.query(`UPDATE audit_payloads SET payload = replace(payload, 'Klont', 'Klant') WHERE entry_id = $1`, [victim]);
    expect(await verify()).toMatchObject({ valid: true });
  });

  it('names a payload blanked as if erased, when no erasure-ledger entry says it was', async () => {
    const [victim] = await lastIds(1);
    const [kept] = await t.dataSource.query<{ payload: string; salt: string }[]>(`SELECT payload, salt FROM audit_payloads WHERE entry_id = $1`, [victim]);
    await t.dataSource.query(`UPDATE audit_payloads SET payload = NULL, salt = NULL, erased_at = now() WHERE entry_id = $1`, [victim]);
    expect(await verify()).toMatchObject({ valid: false, firstInvalidId: victim, problem: 'missing-payload' });
    await t.dataSource.query(`UPDATE audit_payloads SET payload = $2, salt = $3, erased_at = NULL WHERE entry_id = $1`, [victim, kept.payload, kept.salt]);
    expect(await verify()).toMatchObject({ valid: true });
  });

  it('names a tail appended with a recomputed plain sha256 hash', async () => {
    const [head] = await t.dataSource.query<{ hash: string; key_id: string }[]>(`SELECT hash, key_id FROM audit_log ORDER BY id DESC LIMIT 1`);
    const salt = randomBytes(32);
    const payload = payloadText(null, { name: 'Forged BV' });
    const occurredAt = chainInstant(new Date());
    const fields = {
      occurredAt,
      actorId: 'x',
      actorName: 'intruder',
      action: 'controller.created',
      entityType: 'controller',
      entityId: 'forged',
      payloadDigest: payloadDigest(payloadDigestInput(salt, payload)),
      keyId: head.key_id,
    };
    const hash = createHash('sha256').update(head.hash).update('\n').update(chainedText(fields)).digest('hex');
    const [{ id }] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO audit_log (occurred_at, actor_id, actor_name, action, entity_type, entity_id, payload_digest, key_id, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [occurredAt, fields.actorId, fields.actorName, fields.action, fields.entityType, fields.entityId, fields.payloadDigest, fields.keyId, head.hash, hash],
    );
    await t.dataSource.query(`INSERT INTO audit_payloads (entry_id, salt, payload) VALUES ($1, $2, $3)`, [id, salt, payload]);
    expect(await verify()).toMatchObject({ valid: false, firstInvalidId: id, problem: 'altered-entry' });
    await t.dataSource.query(`DELETE FROM audit_payloads WHERE entry_id = $1`, [id]);
    await t.dataSource.query(`DELETE FROM audit_log WHERE id = $1`, [id]);
    expect(await verify()).toMatchObject({ valid: true });
  });

  it('records signed checkpoints on request (officer), lists them, announces them, and keeps them append-only', async () => {
    await t
      .as()
      .post(`${API}/webhooks`)
      .send({ url: 'https://receiver.example/hook', events: ['audit.checkpoint'], secret: 'a-webhook-secret-of-some-length' })
      .expect(201);
    const auditor = await t.keyFor('auditor');
    expect((await t.as(auditor).post(`${API}/audit-log/checkpoints`)).status).toBe(403);
    const taken = await t.as(officer).post(`${API}/audit-log/checkpoints`);
    expect(taken.status).toBe(201);
    const [head] = await t.dataSource.query<{ id: string; hash: string }[]>(`SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`);
    const entries = await count(t.dataSource, 'SELECT 1 FROM audit_log');
    const { id, signature, createdAt, keyId } = taken.body as { id: string; signature: string; createdAt: string; keyId: string };
    expect(taken.body).toMatchObject({ entryCount: entries, headEntryId: head.id, headHash: head.hash, trigger: 'manual', requestedBy: 'officer key' });
    // What an operator checks on a copy kept elsewhere, with the key (README).
    const key = new AuditChainKeys(AUDIT_CHAIN_KEY).current;
    expect(keyId).toBe(key.id);
    expect(
      createHmac('sha256', key.secret)
        .update(canonicalJson({ createdAt, entryCount: entries, headEntryId: head.id, headHash: head.hash, keyId }))
        .digest('hex'),
    ).toBe(signature);

    expect((await t.as(auditor).get(`${API}/audit-log/checkpoints`)).body.items[0]).toEqual(taken.body);
    const [delivery] = await t.dataSource.query<{ body: string }[]>(`SELECT body FROM webhook_deliveries WHERE event = 'audit.checkpoint'`);
    expect(JSON.parse(delivery.body).data).toMatchObject({ checkpointId: id, entryCount: entries, headHash: head.hash, signature });

    for (const sql of [`UPDATE audit_checkpoints SET entry_count = 0`, `DELETE FROM audit_checkpoints`, `TRUNCATE audit_checkpoints`]) {
      await expect(t.dataSource.query(sql)).rejects.toThrow(/append-only/);
    }
    expect(await verify()).toMatchObject({ valid: true, checkpoint: { id, entryCount: entries } });
  });

  it('names the deletion of the last rows after a checkpoint: N entries missing after checkpoint X', async () => {
    await createController(t, officer, { name: 'One more' });
    const { body: cp } = await t.as(officer).post(`${API}/audit-log/checkpoints`).expect(201);
    const victims = await lastIds(2);
    await t.dataSource.query(`DELETE FROM audit_payloads WHERE entry_id = ANY($1)`, [victims]);
    await t.dataSource.query(`DELETE FROM audit_log WHERE id = ANY($1)`, [victims]);
    const verdict = await verify();
    expect(verdict).toMatchObject({ valid: false, problem: 'truncated', checkpoint: { id: cp.id } });
    expect(verdict.detail).toMatch(new RegExp(`^2 entries missing after checkpoint ${cp.id} `));
  });
});

describe('audit chain: scheduled checkpoints', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { AUDIT_CHECKPOINT_INTERVAL_MS: '1000' } });
  });

  afterAll(async () => {
    await t.close();
  });

  const scheduled = () => t.dataSource.query<{ entry_count: string }[]>(`SELECT entry_count::text FROM audit_checkpoints WHERE trigger = 'schedule' ORDER BY id`);

  it('takes one every interval while the chain grows, none while it does not', async () => {
    await createController(t, await t.keyFor('officer'), { name: 'Scheduled BV' });
    const entries = String(await count(t.dataSource, 'SELECT 1 FROM audit_log'));
    await waitFor('a scheduled checkpoint of the whole chain', async () => ((await scheduled()).some((c) => c.entry_count === entries) ? true : undefined));
    const before = (await scheduled()).length;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await scheduled()).length).toBe(before);
  });
});

describe('audit chain: the key', () => {
  it('verifies across a rotation with the retired key listed, and names an entry whose key is not configured', async () => {
    let t = await startTestApp({ workers: false, env: { AUDIT_CHAIN_KEY: KEY_A } });
    const databaseName = t.databaseName;
    try {
      await createController(t, await t.keyFor('officer'), { name: 'Before rotation' });
      await t.close({ keepDatabase: true });

      t = await startTestApp({ workers: false, databaseName, env: { AUDIT_CHAIN_KEY: KEY_B, AUDIT_CHAIN_PREVIOUS_KEYS: KEY_A } });
      await createController(t, await t.keyFor('officer'), { name: 'After rotation' });
      await t.as().post(`${API}/audit-log/checkpoints`).expect(201);
      const verdict = await t.as().get(`${API}/audit-log/verify`);
      const [a, b] = [new AuditChainKeys(KEY_A).current.id, new AuditChainKeys(KEY_B).current.id];
      expect(verdict.body).toMatchObject({ valid: true, signedBy: [{ keyId: a }, { keyId: b }] });
      await t.close({ keepDatabase: true });

      t = await startTestApp({ workers: false, databaseName, env: { AUDIT_CHAIN_KEY: KEY_B } });
      expect((await t.as().get(`${API}/audit-log/verify`)).body).toMatchObject({ valid: false, firstInvalidId: '1', problem: 'unknown-key', detail: expect.stringContaining(a) });
    } finally {
      await t.close();
    }
  });

  it('stops the boot against a Postgres server without AUDIT_CHAIN_KEY, saying so', async () => {
    const child = spawn(process.execPath, [join(__dirname, '..', 'dist/src/main.js')], {
      env: { PATH: process.env.PATH, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', REDIS_URL: 'redis://127.0.0.1:1', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('AUDIT_CHAIN_KEY is required with DATABASE_URL');
  });

  it('reads instants and chained text back from Postgres exactly as Node wrote them: microseconds, non-ASCII, control characters', async () => {
    const t = await startTestApp({ workers: false });
    try {
      const instant = fc
        .tuple(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2200-12-31T23:59:59Z'), noInvalidDate: true }), fc.integer({ min: 0, max: 999 }))
        .map(([date, micros]) => chainInstant(date).replace(/000Z$/, `${String(micros).padStart(3, '0')}Z`));
      // Any Unicode text Postgres can hold (no NUL), weighted towards what needs escaping.
      const text = fc
        .oneof(fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\t', '\u0001', '\u001f', '\u007f', '\u2028', 'é', '€', '😀', '/') }))
        .map((x) => x.replace(/\0/g, ''));
      const fields = fc.sample(fc.record({ occurredAt: instant, actorId: text, actorName: text, action: text, entityType: text, entityId: text, payloadDigest: text, keyId: text }), 500);
      const column = (name: keyof ChainedFields) => fields.map((f) => f[name]);
      const rows = await t.dataSource.query<{ text: string; instant: string }[]>(
        `SELECT ${chainedTextSql('a')} AS text, ${chainInstantSql('a.occurred_at')} AS instant
         FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) WITH ORDINALITY
           AS a(occurred_at, actor_id, actor_name, action, entity_type, entity_id, payload_digest, key_id, n)
         ORDER BY n`,
        [column('occurredAt'), column('actorId'), column('actorName'), column('action'), column('entityType'), column('entityId'), column('payloadDigest'), column('keyId')],
      );
      expect(rows.map((r) => r.instant)).toEqual(column('occurredAt'));
      expect(rows.map((r) => r.text)).toEqual(fields.map(chainedText));
    } finally {
      await t.close();
    }
  });
});

describe('audit chain: the migration re-signs an existing chain once it has verified it', () => {
  const legacyMigrations = ALL_MIGRATIONS.slice(0, ALL_MIGRATIONS.indexOf(AuditChainKeyed1763719700000));

  /** A database as it stood before the migration, with `entries` in the old sha256 chain. */
  async function legacyDatabase(entries: { before: unknown; after: unknown }[]): Promise<string> {
    const name = uniqueName('pat_test_legacy');
    await withServer((c) => c.query(`CREATE DATABASE ${name}`));
    const db = await new DataSource(dataSourceOptions(databaseUrl(name), { migrations: legacyMigrations })).initialize();
    try {
      await runMigrationsLocked(db);
      let prev = '0'.repeat(64);
      for (const [i, { before, after }] of entries.entries()) {
        const occurredAt = new Date(Date.UTC(2025, 0, 1 + i, 9, 30, 0, 123));
        const fields = { occurredAt: occurredAt.toISOString(), actorId: 'k1', actorName: 'Officer Ødegård', action: 'contact.updated', entityType: 'contact', entityId: `c${i}`, before, after };
        const hash = createHash('sha256').update(prev).update('\n').update(canonicalJson(fields)).digest('hex');
        await db.query(`INSERT INTO audit_log (occurred_at, actor_id, actor_name, action, entity_type, entity_id, before, after, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [
          occurredAt,
          fields.actorId,
          fields.actorName,
          fields.action,
          fields.entityType,
          fields.entityId,
          JSON.stringify(before),
          JSON.stringify(after),
          prev,
          hash,
        ]);
        prev = hash;
      }
    } finally {
      await db.destroy();
    }
    return name;
  }

  async function migrate(name: string, then?: (db: DataSource) => Promise<void>): Promise<void> {
    const saved = process.env.AUDIT_CHAIN_KEY;
    process.env.AUDIT_CHAIN_KEY = AUDIT_CHAIN_KEY;
    const db = await new DataSource(dataSourceOptions(databaseUrl(name), then ? { migrations: [...legacyMigrations, AuditChainKeyed1763719700000] } : {})).initialize();
    try {
      await runMigrationsLocked(db);
      await then?.(db);
    } finally {
      await db.destroy();
      if (saved === undefined) delete process.env.AUDIT_CHAIN_KEY;
      else process.env.AUDIT_CHAIN_KEY = saved;
    }
  }

  // More than nine, so an order of ids as text ('10' < '9') would show.
  const legacy = Array.from({ length: 12 }, (_, i) => ({
    before: i === 0 ? null : { name: `Zoë Ünal ${i - 1}` },
    after: { name: `Zoë Ünal ${i}`, email: 'zoe@example.nl', tags: ['€', '😀'], amount: i + 0.5 },
  }));

  it('verifies the old chain, moves the payloads apart and re-signs every entry with the key', async () => {
    const name = await legacyDatabase(legacy);
    await migrate(name);
    const t = await startTestApp({ workers: false, databaseName: name });
    try {
      // The 12 re-signed, and the admin key's entry of this boot signed after them.
      expect((await t.as().get(`${API}/audit-log/verify`)).body).toMatchObject({ valid: true, entries: 13, signedBy: [{ keyId: new AuditChainKeys(AUDIT_CHAIN_KEY).current.id, entries: 13 }] });
      const log = await t.as().get(`${API}/audit-log?entityType=contact`);
      expect(log.body.items.map((e: { before: unknown; after: unknown }) => ({ before: e.before, after: e.after }))).toEqual([...legacy].reverse());
      expect(log.body.items.at(-1).occurredAt).toBe('2025-01-01T09:30:00.123Z');
    } finally {
      await t.close();
    }
  });

  it('is undone into the unkeyed chain over whole entries, which verifies as it did', async () => {
    const name = await legacyDatabase(legacy);
    try {
      await migrate(name, async (db) => {
        await db.undoLastMigration({ transaction: 'each' });
        const rows = await db.query<{ occurred_at: Date; before: unknown; after: unknown; prev_hash: string; hash: string }[]>(
          `SELECT occurred_at, actor_id, actor_name, action, entity_type, entity_id, before, after, prev_hash, hash FROM audit_log ORDER BY id`,
        );
        let prev = '0'.repeat(64);
        for (const [i, r] of rows.entries()) {
          const fields = {
            occurredAt: r.occurred_at.toISOString(),
            actorId: 'k1',
            actorName: 'Officer Ødegård',
            action: 'contact.updated',
            entityType: 'contact',
            entityId: `c${i}`,
            before: r.before,
            after: r.after,
          };
          expect({ before: r.before, after: r.after }).toEqual(legacy[i]);
          expect(r.prev_hash).toBe(prev);
          expect(r.hash).toBe(createHash('sha256').update(prev).update('\n').update(canonicalJson(fields)).digest('hex'));
          prev = r.hash;
        }
        expect(rows).toHaveLength(legacy.length);
      });
    } finally {
      await dropDatabase(name);
    }
  });

  it('stops at a broken old chain, naming the entry, and re-signs nothing', async () => {
    const name = await legacyDatabase(legacy);
    try {
      const db = await new DataSource(dataSourceOptions(databaseUrl(name), { migrations: [] })).initialize();
      await db.query(`UPDATE audit_log SET actor_name = 'someone else' WHERE id = 2`);
      await db.destroy();
      await expect(migrate(name)).rejects.toThrow(/The audit chain is broken at entry 2/);
      const db2 = await new DataSource(dataSourceOptions(databaseUrl(name), { migrations: [] })).initialize();
      expect(await count(db2, `SELECT 1 FROM information_schema.tables WHERE table_name = 'audit_payloads'`)).toBe(0);
      await db2.destroy();
    } finally {
      await dropDatabase(name);
    }
  });
});
