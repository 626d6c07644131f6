import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * A migration never imports src/ (it must not change when src/ does), so what it needs of
 * the audit chain is written out here as it stood when this migration landed: the old
 * sha256 chain over the whole entry, and the new keyed chain over the payload's digest.
 */

const GENESIS_HASH = '0'.repeat(64);
const BATCH = 5_000;

function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

interface LegacyRow {
  id: string;
  occurred_at: Date;
  occurred_at_text: string;
  actor_id: string;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
}

function legacyHash(prevHash: string, r: LegacyRow): string {
  const text = canonicalJson({
    occurredAt: r.occurred_at.toISOString(),
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
  });
  return createHash('sha256').update(prevHash).update('\n').update(text, 'utf8').digest('hex');
}

/**
 * The key the service signs with, found as the service finds it: AUDIT_CHAIN_KEY, or on the
 * embedded default (no DATABASE_URL) the key the boot generated into DATA_DIR before it
 * started the database. The boot refuses to go on without either, so this only fails when
 * the migration is run some other way.
 */
function chainKey(entries: number): Buffer {
  const fromEnv = process.env.AUDIT_CHAIN_KEY?.trim();
  if (fromEnv) return Buffer.from(fromEnv, 'utf8');
  if (!process.env.DATABASE_URL) {
    try {
      return Buffer.from(readFileSync(resolve(join(process.env.DATA_DIR || './data', 'audit-chain.key')), 'utf8').trim(), 'utf8');
    } catch {
      // Reported below.
    }
  }
  throw new Error(`The audit log's ${entries} entries are to be re-signed with the audit chain key, and none is configured: set AUDIT_CHAIN_KEY`);
}

/**
 * The audit chain becomes keyed, forgetful and pinned:
 * - the personal payload (before/after) moves to `audit_payloads`, one row per entry with
 *   a random salt; the chain hashes the payload's salted digest, so retention can erase a
 *   payload (and its salt) and the chain still verifies;
 * - each link is an HMAC with the chain key (`key_id` says which key, for rotation), over
 *   the instant at the microseconds it is stored with;
 * - signed checkpoints in an append-only table record how long the chain was;
 * - the erasure ledger counts the audit payloads each batch erased.
 *
 * Existing entries are re-signed under the new scheme, and only after the old chain has
 * been verified here, entry by entry: a broken old chain stops the migration (naming the
 * first broken entry) rather than being laundered into a valid new one.
 */
export class AuditChainKeyed1763719700000 implements MigrationInterface {
  name = 'AuditChainKeyed1763719700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log ADD COLUMN payload_digest char(64), ADD COLUMN key_id text`);
    await q.query(`ALTER TABLE erasure_ledger ADD COLUMN audit_payloads_erased int NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE TABLE audit_payloads (
        entry_id bigint NOT NULL,
        salt bytea,
        payload text,
        erased_at timestamptz,
        erasure_ledger_id bigint,
        CONSTRAINT "PK_audit_payload_entry_id" PRIMARY KEY (entry_id),
        CONSTRAINT "FK_audit_payload_entry_id" FOREIGN KEY (entry_id) REFERENCES audit_log(id) ON DELETE RESTRICT,
        CONSTRAINT "FK_audit_payload_erasure_ledger_id" FOREIGN KEY (erasure_ledger_id) REFERENCES erasure_ledger(id) ON DELETE SET NULL,
        CONSTRAINT "CHK_audit_payload_erased" CHECK (CASE WHEN erased_at IS NULL THEN payload IS NOT NULL AND salt IS NOT NULL ELSE payload IS NULL AND salt IS NULL END)
      )`);
    await q.query(`CREATE INDEX "IDX_audit_payload_erasure_ledger_id" ON audit_payloads (erasure_ledger_id) WHERE erasure_ledger_id IS NOT NULL`);

    // No foreign key to audit_log: a checkpoint must outlive the entries it names, to name their loss.
    await q.query(`
      CREATE TABLE audit_checkpoints (
        id bigserial NOT NULL,
        created_at timestamptz NOT NULL,
        entry_count bigint NOT NULL,
        head_entry_id bigint,
        head_hash char(64) NOT NULL,
        key_id text NOT NULL,
        signature char(64) NOT NULL,
        trigger text NOT NULL,
        requested_by text NOT NULL,
        CONSTRAINT "PK_audit_checkpoint_id" PRIMARY KEY (id),
        CONSTRAINT "CHK_audit_checkpoint_trigger" CHECK (trigger IN ('schedule', 'manual')),
        CONSTRAINT "CHK_audit_checkpoint_head" CHECK ((entry_count = 0) = (head_entry_id IS NULL))
      )`);
    await q.query(`
      CREATE FUNCTION audit_checkpoints_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_checkpoints is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER "TRG_audit_checkpoint_append_only" BEFORE UPDATE OR DELETE ON audit_checkpoints FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_append_only()`);
    await q.query(`CREATE TRIGGER "TRG_audit_checkpoint_no_truncate" BEFORE TRUNCATE ON audit_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_append_only()`);

    // A VOLATILE function takes a fresh snapshot for each statement in it (READ COMMITTED),
    // so the head it reads is the one committed before the lock was granted: the lock and
    // the read in one round trip, under which the writer then signs its entries in Node.
    await q.query(`
      CREATE FUNCTION audit_chain_head(lock_key bigint) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
      DECLARE head text;
      BEGIN
        PERFORM pg_advisory_xact_lock(lock_key);
        SELECT hash INTO head FROM audit_log ORDER BY id DESC LIMIT 1;
        RETURN head;
      END $$`);

    await this.resign(q);

    await q.query(`ALTER TABLE audit_log DROP COLUMN before, DROP COLUMN after`);
    await q.query(`ALTER TABLE audit_log ALTER COLUMN payload_digest SET NOT NULL, ALTER COLUMN key_id SET NOT NULL`);
  }

  private async resign(q: QueryRunner): Promise<void> {
    const [{ n }] = (await q.query(`SELECT count(*)::int AS n FROM audit_log`)) as { n: number }[];
    if (n === 0) return;
    const key = chainKey(n);
    const keyId = createHmac('sha256', key).update('audit-chain key id').digest('hex').slice(0, 16);
    let oldPrev = GENESIS_HASH;
    let newPrev = GENESIS_HASH;
    let afterId = '0';
    for (;;) {
      const rows = (await q.query(
        `SELECT id, occurred_at, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at_text,
                actor_id, actor_name, action, entity_type, entity_id, before, after, prev_hash, hash
         FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2`,
        [afterId, BATCH],
      )) as LegacyRow[];
      if (rows.length === 0) return;
      const update = { ids: [] as string[], prevs: [] as string[], hashes: [] as string[], digests: [] as string[], salts: [] as string[], payloads: [] as string[] };
      for (const r of rows) {
        if (r.prev_hash !== oldPrev || legacyHash(oldPrev, r) !== r.hash) {
          throw new Error(
            `The audit chain is broken at entry ${r.id} (checked under the scheme it was written with); it is not re-signed. Restore audit_log from a backup taken before the break, then migrate.`,
          );
        }
        oldPrev = r.hash;
        const salt = randomBytes(32);
        const payload = canonicalJson({ after: r.after, before: r.before });
        const digest = createHash('sha256')
          .update(`${salt.toString('hex')}\n${payload}`, 'utf8')
          .digest('hex');
        const s = JSON.stringify;
        const text = `{"action":${s(r.action)},"actorId":${s(r.actor_id)},"actorName":${s(r.actor_name)},"entityId":${s(r.entity_id)},"entityType":${s(r.entity_type)},"keyId":${s(keyId)},"occurredAt":${s(r.occurred_at_text)},"payloadDigest":${s(digest)}}`;
        const hash = createHmac('sha256', key).update(newPrev).update('\n').update(text, 'utf8').digest('hex');
        update.ids.push(r.id);
        update.prevs.push(newPrev);
        update.hashes.push(hash);
        update.digests.push(digest);
        update.salts.push(salt.toString('hex'));
        update.payloads.push(payload);
        newPrev = hash;
      }
      await q.query(
        `UPDATE audit_log a SET prev_hash = u.prev, hash = u.hash, payload_digest = u.digest, key_id = $5
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS u(id, prev, hash, digest) WHERE a.id = u.id`,
        [update.ids, update.prevs, update.hashes, update.digests, keyId],
      );
      await q.query(`INSERT INTO audit_payloads (entry_id, salt, payload) SELECT id, decode(salt, 'hex'), payload FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(id, salt, payload)`, [
        update.ids,
        update.salts,
        update.payloads,
      ]);
      afterId = rows[rows.length - 1].id;
    }
  }

  /** Back to the unkeyed chain over whole entries; an erased payload comes back as null, and the old chain is recomputed over that. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log ADD COLUMN before jsonb, ADD COLUMN after jsonb`);
    await q.query(`UPDATE audit_log a SET before = p.payload::jsonb -> 'before', after = p.payload::jsonb -> 'after' FROM audit_payloads p WHERE p.entry_id = a.id AND p.payload IS NOT NULL`);
    let prev = GENESIS_HASH;
    let afterId = '0';
    for (;;) {
      const rows = (await q.query(`SELECT id, occurred_at, actor_id, actor_name, action, entity_type, entity_id, before, after FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2`, [
        afterId,
        BATCH,
      ])) as LegacyRow[];
      if (rows.length === 0) break;
      const ids: string[] = [];
      const prevs: string[] = [];
      const hashes: string[] = [];
      for (const r of rows) {
        const hash = legacyHash(prev, r);
        ids.push(r.id);
        prevs.push(prev);
        hashes.push(hash);
        prev = hash;
      }
      await q.query(`UPDATE audit_log a SET prev_hash = u.prev, hash = u.hash FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(id, prev, hash) WHERE a.id = u.id`, [ids, prevs, hashes]);
      afterId = rows[rows.length - 1].id;
    }
    await q.query(`DROP FUNCTION audit_chain_head(bigint)`);
    await q.query(`DROP TABLE audit_checkpoints`);
    await q.query(`DROP FUNCTION audit_checkpoints_append_only()`);
    await q.query(`DROP TABLE audit_payloads`);
    await q.query(`ALTER TABLE erasure_ledger DROP COLUMN audit_payloads_erased`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN payload_digest, DROP COLUMN key_id`);
  }
}
