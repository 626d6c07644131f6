import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { invalidCursor, Page, PageQueryDto } from '../common/pagination';
import { AuditChainKeys } from '../config/audit-chain-keys';
import {
  canonicalJson,
  ChainedFields,
  chainedText,
  chainedTextSql,
  chainInstant,
  chainInstantSql,
  CHAIN_PROBLEMS,
  ChainProblem,
  ChainSigner,
  ChainWalk,
  GENESIS_HASH,
  payloadDigest,
  payloadDigestInput,
  payloadDigestInputSql,
  payloadText,
  StoredCheckpoint,
} from './audit-chain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiInstant, ApiText } from '../common/api-docs.decorator';

/** Any constant works; it only has to be the same for every writer of the chain. */
const AUDIT_CHAIN_LOCK = 0x61756474;
const VERIFY_BATCH = 20_000;
/** Entries per INSERT: each payload is a bind parameter, and a statement takes at most 65,535. */
const INSERT_CHUNK = 10_000;

/** What `record` did: with entries, the caller awaits `flushed` after its commit. */
export type Recorded = 'nothing' | 'entries';

/** Entries made ready for `record`: each payload as stored, its salt (hex) and its salted digest. */
export type AuditPayloads = { record: AuditRecord; salt: string; payload: string; digest: string }[];

/** One entry, signed, as the INSERT writes it. */
interface ChainRow {
  fields: ChainedFields;
  prevHash: string;
  hash: string;
  salt: string;
  payload: string;
}

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export class PayloadErasureView {
  @ApiInstant() erasedAt: Date;
  @ApiText({ nullable: true }) ledgerEntryId: string | null;
}

export class AuditEntryView {
  @ApiText({ description: 'bigint, as a string' }) id: string;
  @ApiInstant() occurredAt: Date;
  @ApiText() actorId: string;
  @ApiText() actorName: string;
  @ApiText({ example: 'incident.reported' }) action: string;
  @ApiText() entityType: string;
  @ApiText() entityId: string;
  /** Null once erased (see `payloadErased`), or when the change had none. */
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'the record before the change; null once erased (see payloadErased) or when there was none' })
  before: unknown;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'the record after the change; null once erased or when there was none' })
  after: unknown;
  /** Set when retention erased this entry's payload with the record it was about. */
  @ApiProperty({ type: PayloadErasureView, nullable: true, description: "set when retention erased this entry's payload with the record it was about" })
  payloadErased: PayloadErasureView | null;
  @ApiText() payloadDigest: string;
  @ApiText() keyId: string;
  @ApiText() prevHash: string;
  @ApiText() hash: string;
}

export class CheckpointRef {
  @ApiText() id: string;
  @ApiInstant() createdAt: string;
  @ApiProperty({ type: 'integer' }) entryCount: number;
  @ApiText({ nullable: true }) headEntryId: string | null;
}

class SignedByView {
  @ApiText() keyId: string;
  @ApiProperty({ type: 'integer' }) entries: number;
}

class ErasedPayloadsOfEntryView {
  @ApiText({ nullable: true, description: 'null: its ledger entry is gone' }) ledgerEntryId: string | null;
  @ApiProperty({ type: 'integer' }) count: number;
}

class ErasedPayloadsView {
  @ApiProperty({ type: 'integer' }) total: number;
  @ApiProperty({ type: [ErasedPayloadsOfEntryView] }) byLedgerEntry: ErasedPayloadsOfEntryView[];
}

export class AuditVerdict {
  @ApiProperty() valid: boolean;
  /** Entries checked: all of them, or up to and including the first invalid one. */
  @ApiProperty({ type: 'integer', description: 'entries checked: all, or up to and including the first invalid one' }) entries: number;
  @ApiPropertyOptional({ type: String }) firstInvalidId?: string;
  @ApiPropertyOptional({ type: String, enum: CHAIN_PROBLEMS }) problem?: ChainProblem;
  @ApiPropertyOptional({ type: String }) detail?: string;
  /** The checkpoint with the highest count, which the chain was held against. */
  @ApiProperty({ type: CheckpointRef, nullable: true, description: 'the checkpoint with the highest count, which the chain was held against' }) checkpoint: CheckpointRef | null;
  @ApiProperty({ type: [SignedByView] }) signedBy: SignedByView[];
  /** Payloads erased with the records they were about, per erasure-ledger entry (null: its ledger entry is gone). */
  @ApiProperty({ type: ErasedPayloadsView, description: 'payloads erased with the records they were about, per erasure-ledger entry' }) erasedPayloads: ErasedPayloadsView;
}

type VerifyRow = [id: string, keyId: string, text: string, prevHash: string, hash: string, payloadDigest: string, payloadInput: string | null, payloadErased: boolean];

// The payloads' bound repeats the entries' so the merge join starts there, not at the first payload.
const VERIFY_SQL = `
  SELECT a.id, a.key_id, ${chainedTextSql('a')}, a.prev_hash, a.hash, a.payload_digest,
         ${payloadDigestInputSql('p.salt', 'p.payload')}, p.erased_at IS NOT NULL AND p.erasure_ledger_id IS NOT NULL
  FROM audit_log a LEFT JOIN audit_payloads p ON p.entry_id = a.id AND p.entry_id > $1
  WHERE a.id > $1 ORDER BY a.id LIMIT $2`;

/** The entries signed one after the other, the first linked to `head`. */
function link(signer: ChainSigner, head: string, entries: { fields: ChainedFields; salt: string; payload: string; text: string }[]): ChainRow[] {
  let prevHash = head;
  return entries.map(({ fields, salt, payload, text }) => {
    const hash = signer.link(prevHash, text);
    const row = { fields, prevHash, hash, salt, payload };
    prevHash = hash;
    return row;
  });
}

/** Text as Postgres will store it: a lone surrogate becomes U+FFFD, as in any UTF-8 encoding. */
const asStored = (text: string): string => Buffer.from(text, 'utf8').toString('utf8');

/**
 * The audit chain: every change appends an entry whose link is an HMAC with the chain key
 * over the previous hash and the entry — its instant to the microsecond, actor, action,
 * subject and the salted digest of its payload. The payload itself (before/after) is kept
 * apart in `audit_payloads`, so retention can erase it with the record it was about.
 */
@Injectable()
export class AuditService {
  private readonly signer: ChainSigner;
  /**
   * The hash of the last entry this process sent, committed or not: what its next entries
   * are linked to before they take the lock. Wrong after another process wrote or a change
   * rolled back; the statement then finds so under the lock, and the entries are linked again.
   */
  private expectedHead = GENESIS_HASH;
  /**
   * Settles once the writer before in this process knows where its entries go (it holds the
   * lock, or failed). The next writer links only then, so its statement reaches the lock after
   * that writer's and finds the head it expects. Without this turn, concurrent writers queued at
   * the lock in whatever order their statements arrived: at 20 concurrent reports nearly every
   * one found another head and paid a second statement, a round trip more, under the lock.
   */
  private previousWriter: Promise<void> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly keys: AuditChainKeys,
  ) {
    this.signer = new ChainSigner(keys.current.secret);
  }

  /**
   * The payloads of the entries `record` will append, with their salted digests: they depend on
   * no other entry, so they are made before the lock (by the unit of work, while the change's
   * own statements may still be running), and the lock covers only the links.
   */
  prepare(records: AuditRecord[]): AuditPayloads {
    // An update that changed nothing is not a change; the chain records changes.
    const changes = records.filter((r) => r.before === undefined || r.after === undefined || canonicalJson(r.before) !== canonicalJson(r.after));
    return changes.map((record) => {
      const salt = randomBytes(32);
      const payload = payloadText(record.before, record.after);
      return { record, salt: salt.toString('hex'), payload, digest: payloadDigest(payloadDigestInput(salt, payload)) };
    });
  }

  /**
   * Appends to the chain inside the caller's transaction, so the change and its audit
   * entries commit or roll back together. Writers are serialised by an advisory lock held
   * until commit, so each entry links to the one committed before it — every audited write
   * in the service waits on that lock, which is why only the unit of work calls this, as
   * the last write of a change (other modules read through this service — list, verify — and
   * write through UnitOfWork). Under the lock there is one statement and the commit: the
   * entries are linked to the head this process expects and sent with the statement that
   * takes the lock, which appends them only if that is the head (one INSERT per 10,000
   * entries). The writers of one process take turns to link, so they reach the lock in the
   * order they linked in. Otherwise (another process wrote, or a change rolled back), holding
   * the lock and knowing the head, they are linked again and sent once more — a round trip
   * more. The links are signed here, not in SQL, so the key never
   * travels to the database (where statement logging would keep it).
   */
  async record(manager: EntityManager, actor: Actor, payloads: AuditPayloads): Promise<Recorded> {
    if (payloads.length === 0) return 'nothing';
    const keyId = this.keys.current.id;
    const occurredAt = chainInstant(this.clock.now());
    const entries = payloads.map(({ record, salt, payload, digest }) => {
      const fields: ChainedFields = {
        occurredAt,
        actorId: asStored(actor.id),
        actorName: asStored(actor.name),
        action: asStored(record.action),
        entityType: asStored(record.entityType),
        entityId: asStored(record.entityId),
        payloadDigest: digest,
        keyId,
      };
      return { fields, salt, payload, text: chainedText(fields) };
    });
    const turn = this.previousWriter;
    let placed!: () => void;
    this.previousWriter = new Promise((resolve) => (placed = resolve));
    let appended: ChainRow[];
    try {
      await turn;
      // Linked to the head this process expects before the lock is granted; the statement appends
      // only if that is the head it finds under the lock, and otherwise answers the head it found.
      const expected = this.expectedHead;
      const rows = link(this.signer, expected, entries);
      const head = await this.insert(manager, rows.slice(0, INSERT_CHUNK), expected);
      appended = head === expected ? rows : link(this.signer, head, entries);
      // Writers in this process that come next link to these entries before they are committed.
      this.expectedHead = appended[appended.length - 1].hash;
      if (head !== expected) await this.insert(manager, appended.slice(0, INSERT_CHUNK));
    } finally {
      // Holding the lock (or failed): the next writer's statement will wait for this commit.
      placed();
    }
    for (let i = INSERT_CHUNK; i < appended.length; i += INSERT_CHUNK) await this.insert(manager, appended.slice(i, i + INSERT_CHUNK));
    return 'entries';
  }

  /**
   * After the commit of a change that `record` wrote entries in: returns once that commit is on
   * disk. Such a commit does not wait for its own flush (`synchronous_commit` off, set by the
   * statement that took the chain's lock), because Postgres releases a transaction's locks only
   * after the flush, and a flush here takes milliseconds: every audited write in the service
   * would wait for every other's. This statement commits a transaction that writes WAL (a
   * logical message, which touches no table) synchronously, and so flushes the WAL up to its
   * own commit, past the change's; concurrent ones share a flush. Until it returns the change
   * is visible but a crash of Postgres may still undo it, with every later entry of the chain
   * (the WAL is replayed in order, so the chain stays whole): the caller answers only after.
   */
  async flushed(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_logical_emit_message(true, 'audit-chain', '')`);
  }

  /**
   * Entries and their payloads in one statement. With `expectedHead`, the statement first takes
   * the chain's lock and reads the head (`audit_chain_head`, whose snapshot is taken after the
   * lock was granted) and writes the entries only if they link to it; it answers the head it
   * found. Without, the caller holds the lock and has linked to the head. A payload travels as
   * a parameter of its own, not as an element of a text[] literal: both ends escape and scan
   * every character of an array literal, which for the megabytes of a breach at shared
   * infrastructure cost a second and more where a plain text parameter costs a tenth of that.
   */
  private async insert(manager: EntityManager, rows: ChainRow[], expectedHead?: string): Promise<string> {
    const parameters: unknown[] = [];
    const next = (value: unknown) => `$${parameters.push(value)}`;
    const column = (pick: (row: ChainRow) => string, type: string) => `${next(rows.map(pick))}::${type}[]`;
    const source = `unnest(${[
      column((r) => r.fields.occurredAt, 'timestamptz'),
      column((r) => r.fields.actorId, 'text'),
      column((r) => r.fields.actorName, 'text'),
      column((r) => r.fields.action, 'text'),
      column((r) => r.fields.entityType, 'text'),
      column((r) => r.fields.entityId, 'text'),
      column((r) => r.fields.payloadDigest, 'text'),
      column((r) => r.fields.keyId, 'text'),
      column((r) => r.prevHash, 'text'),
      column((r) => r.hash, 'text'),
      column((r) => r.salt, 'text'),
    ].join(', ')}, ARRAY[${rows.map((r) => `${next(r.payload)}::text`).join(', ')}])`;
    const checked = expectedHead !== undefined;
    const [answer] = await manager.query<{ head: string }[]>(
      `WITH ${checked ? `h AS (SELECT coalesce(audit_chain_head(${next(AUDIT_CHAIN_LOCK)}), ${next(GENESIS_HASH)}) AS head, set_config('synchronous_commit', 'off', true)),` : ''}
       r AS (
         SELECT * FROM ${source}
           WITH ORDINALITY AS r(occurred_at, actor_id, actor_name, action, entity_type, entity_id, payload_digest, key_id, prev_hash, hash, salt, payload, n)
       ), e AS (
         INSERT INTO audit_log (occurred_at, actor_id, actor_name, action, entity_type, entity_id, payload_digest, key_id, prev_hash, hash)
         SELECT occurred_at, actor_id, actor_name, action, entity_type, entity_id, payload_digest, key_id, prev_hash, hash
           FROM r ${checked ? `JOIN h ON h.head = ${next(expectedHead)}` : ''} ORDER BY n
         RETURNING id, hash
       ), p AS (
         INSERT INTO audit_payloads (entry_id, salt, payload) SELECT e.id, decode(r.salt, 'hex'), r.payload FROM e JOIN r ON r.hash = e.hash
       )
       ${checked ? 'SELECT head FROM h' : 'SELECT NULL AS head'}`,
      parameters,
    );
    return answer.head;
  }

  async list(query: PageQueryDto & { entityType?: string; entityId?: string }): Promise<Page<AuditEntryView>> {
    const limit = query.limit ?? 50;
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (query.cursor) {
      if (!/^\d{1,18}$/.test(query.cursor)) throw invalidCursor();
      params.push(query.cursor);
      conditions.push(`a.id < $${params.length}`);
    }
    if (query.entityType) {
      params.push(query.entityType);
      conditions.push(`a.entity_type = $${params.length}`);
    }
    if (query.entityId) {
      params.push(query.entityId);
      conditions.push(`a.entity_id = $${params.length}`);
    }
    params.push(limit + 1);
    const rows = await this.dataSource.query<ListRow[]>(
      `SELECT a.id::text AS id, a.occurred_at, a.actor_id, a.actor_name, a.action, a.entity_type, a.entity_id, a.payload_digest, a.key_id, a.prev_hash, a.hash,
              p.payload, p.erased_at, p.erasure_ledger_id::text AS erasure_ledger_id
       FROM audit_log a LEFT JOIN audit_payloads p ON p.entry_id = a.id
       ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY a.id DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, limit).map(toView);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
  }

  /**
   * Re-walks the whole chain in keyset batches of raw rows on one connection, fetching the
   * next batch while this one is checked; memory stays flat however long the chain is.
   */
  async verify(): Promise<AuditVerdict> {
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    let pending: Promise<VerifyRow[]> | undefined;
    try {
      const walk = new ChainWalk(this.keys, await this.checkpoints(client));
      const erasedPayloads = await this.erasedPayloads(client);
      const verdict = (fault: ReturnType<ChainWalk['step']>): AuditVerdict => ({
        valid: fault === null,
        entries: walk.entries,
        ...(fault ? { ...(fault.entryId ? { firstInvalidId: fault.entryId } : {}), problem: fault.problem, detail: fault.detail } : {}),
        checkpoint: walk.latestCheckpoint && {
          id: walk.latestCheckpoint.id,
          createdAt: walk.latestCheckpoint.createdAt,
          entryCount: walk.latestCheckpoint.entryCount,
          headEntryId: walk.latestCheckpoint.headEntryId,
        },
        signedBy: [...walk.signedBy].map(([keyId, entries]) => ({ keyId, entries })),
        erasedPayloads,
      });
      const fetch = (afterId: string): Promise<VerifyRow[]> => client.query<VerifyRow>({ text: VERIFY_SQL, values: [afterId, VERIFY_BATCH], rowMode: 'array' }).then((result) => result.rows);
      const started = walk.start();
      if (started) return verdict(started);
      pending = fetch('0');
      for (;;) {
        const rows: VerifyRow[] = await pending;
        pending = rows.length === VERIFY_BATCH ? fetch(rows[rows.length - 1][0]) : undefined;
        for (const [id, keyId, text, prevHash, hash, digest, payloadInput, payloadErased] of rows) {
          const fault = walk.step({ id, keyId, text, prevHash, hash, payloadDigest: digest, payloadInput, payloadErased });
          if (fault) return verdict(fault);
        }
        if (!pending) return verdict(walk.finish());
      }
    } finally {
      await pending?.catch(() => undefined);
      await runner.release();
    }
  }

  private async checkpoints(client: PoolClient): Promise<StoredCheckpoint[]> {
    const { rows } = await client.query<{ id: string; created_at: string; entry_count: string; head_entry_id: string | null; head_hash: string; key_id: string; signature: string }>(
      `SELECT id, ${chainInstantSql('created_at')} AS created_at, entry_count::text, head_entry_id::text, head_hash, key_id, signature FROM audit_checkpoints ORDER BY id`,
    );
    return rows.map((r) => ({ id: r.id, createdAt: r.created_at, entryCount: Number(r.entry_count), headEntryId: r.head_entry_id, headHash: r.head_hash, keyId: r.key_id, signature: r.signature }));
  }

  private async erasedPayloads(client: PoolClient): Promise<AuditVerdict['erasedPayloads']> {
    const { rows } = await client.query<{ ledger_entry_id: string | null; count: number }>(
      `SELECT erasure_ledger_id::text AS ledger_entry_id, count(*)::int AS count FROM audit_payloads WHERE erased_at IS NOT NULL GROUP BY erasure_ledger_id ORDER BY erasure_ledger_id NULLS FIRST`,
    );
    return { total: rows.reduce((sum, r) => sum + r.count, 0), byLedgerEntry: rows.map((r) => ({ ledgerEntryId: r.ledger_entry_id, count: r.count })) };
  }
}

interface ListRow {
  id: string;
  occurred_at: Date;
  actor_id: string;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string;
  payload_digest: string;
  key_id: string;
  prev_hash: string;
  hash: string;
  payload: string | null;
  erased_at: Date | null;
  erasure_ledger_id: string | null;
}

function toView(r: ListRow): AuditEntryView {
  const payload = r.payload === null ? { before: null, after: null } : (JSON.parse(r.payload) as { before: unknown; after: unknown });
  return {
    id: r.id,
    occurredAt: r.occurred_at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: payload.before,
    after: payload.after,
    payloadErased: r.erased_at ? { erasedAt: r.erased_at, ledgerEntryId: r.erasure_ledger_id } : null,
    payloadDigest: r.payload_digest,
    keyId: r.key_id,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
