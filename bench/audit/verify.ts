/**
 * Audit-chain verification bench (not part of the test suite).
 *
 *   npx ts-node --transpile-only bench/audit/verify.ts [--n 1000000] [--runs 3]
 *
 * Creates and migrates its own database, seeds `n` audit entries with a correct keyed chain
 * (computed in Node as the service computes it: a salted payload digest per entry and an
 * HMAC link, inserted in bulk with unnest), one payload in ten erased as retention leaves
 * it, and a signed checkpoint of the whole chain. Then times `AuditService.verify()` — what
 * GET /api/v1/audit-log/verify answers with — `runs` times, prints entries/s and the time,
 * fails unless every run found the chain valid with all `n` entries, and drops the database.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { chainedText, chainInstant, ChainSigner, checkpointSignature, GENESIS_HASH, payloadDigest, payloadDigestInput, payloadText } from '../../src/audit/audit-chain';
import { AuditService } from '../../src/audit/audit.service';
import { SystemClock } from '../../src/common/clock';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { runMigrationsLocked } from '../../src/database/run-migrations';
import { arg, BENCH_AUDIT_CHAIN_KEYS, dbUrl, withServer } from '../shared';

const N = arg('n', 1_000_000);
const RUNS = arg('runs', 3);
const BATCH = 20_000;
const KEY = BENCH_AUDIT_CHAIN_KEYS.current;
const SIGNER = new ChainSigner(KEY.secret);

async function seed(db: DataSource): Promise<void> {
  let prevHash = GENESIS_HASH;
  const start = Date.UTC(2020, 0, 1);
  for (let first = 1; first <= N; first += BATCH) {
    const log: string[][] = Array.from({ length: 10 }, () => []);
    const payloads: string[][] = Array.from({ length: 4 }, () => []);
    for (let id = first; id < Math.min(first + BATCH, N + 1); id++) {
      const salt = randomBytes(32);
      const text = payloadText(id % 3 === 0 ? { name: `Person ${id - 1}` } : null, { name: `Person ${id}`, email: `p${id}@example.nl`, phone: '+31600000000', role: 'IT' });
      const fields = {
        occurredAt: chainInstant(new Date(start + id * 1000)),
        actorId: 'bench',
        actorName: 'Bench officer',
        action: id % 3 === 0 ? 'contact.updated' : 'contact.created',
        entityType: 'contact',
        entityId: `00000000-0000-4000-8000-${id.toString(16).padStart(12, '0')}`,
        payloadDigest: payloadDigest(payloadDigestInput(salt, text)),
        keyId: KEY.id,
      };
      const hash = SIGNER.link(prevHash, chainedText(fields));
      [String(id), fields.occurredAt, fields.actorId, fields.actorName, fields.action, fields.entityType, fields.entityId, fields.payloadDigest, prevHash, hash].forEach((v, i) => log[i].push(v));
      const erased = id % 10 === 0;
      [String(id), erased ? '' : salt.toString('hex'), erased ? '' : text, erased ? 'erased' : ''].forEach((v, i) => payloads[i].push(v));
      prevHash = hash;
    }
    await db.query(
      `INSERT INTO audit_log (id, occurred_at, actor_id, actor_name, action, entity_type, entity_id, payload_digest, prev_hash, hash, key_id)
       SELECT *, $11::text FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])`,
      [...log, KEY.id],
    );
    await db.query(
      `INSERT INTO audit_payloads (entry_id, salt, payload, erased_at)
       SELECT id, CASE WHEN e = '' THEN decode(s, 'hex') END, CASE WHEN e = '' THEN p END, CASE WHEN e <> '' THEN now() END
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS u(id, s, p, e)`,
      payloads,
    );
  }
  await db.query(`SELECT setval(pg_get_serial_sequence('audit_log', 'id'), $1)`, [N]);
  const checkpoint = { createdAt: chainInstant(new Date()), entryCount: N, headEntryId: String(N), headHash: prevHash, keyId: KEY.id };
  await db.query(`INSERT INTO audit_checkpoints (created_at, entry_count, head_entry_id, head_hash, key_id, signature, trigger, requested_by) VALUES ($1, $2, $3, $4, $5, $6, 'manual', 'bench')`, [
    checkpoint.createdAt,
    N,
    checkpoint.headEntryId,
    prevHash,
    KEY.id,
    checkpointSignature(SIGNER, checkpoint),
  ]);
  await db.query('VACUUM ANALYZE audit_log, audit_payloads');
  await db.query('CHECKPOINT');
}

async function main(): Promise<void> {
  const database = `pat_bench_audit_${randomBytes(4).toString('hex')}`;
  await withServer((c) => c.query(`CREATE DATABASE ${database}`));
  const db = await new DataSource(dataSourceOptions(dbUrl(database))).initialize();
  try {
    await runMigrationsLocked(db);
    console.log(`audit verify bench: ${N} entries (one payload in ten erased), ${RUNS} runs`);
    const t0 = performance.now();
    await seed(db);
    console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const audit = new AuditService(db, new SystemClock(), BENCH_AUDIT_CHAIN_KEYS);
    for (let run = 1; run <= RUNS; run++) {
      const started = performance.now();
      const verdict = await audit.verify();
      const seconds = (performance.now() - started) / 1000;
      console.log(`run ${run}: ${verdict.entries} entries in ${seconds.toFixed(2)} s = ${Math.round(verdict.entries / seconds)} entries/s (goal: 1,000,000 in ≤ 10 s); valid ${verdict.valid}`);
      if (!verdict.valid || verdict.entries !== N) throw new Error(`expected a valid chain of ${N} entries, got ${JSON.stringify(verdict)}`);
    }
  } finally {
    await db.destroy();
    await withServer((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
