import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { invalidCursor, Page, PageQueryDto } from '../common/pagination';
import { canonicalJson, chainedJson, ChainVerdict, GENESIS_HASH, toJsonValue, verifyChain } from './audit-chain';
import { AuditEntry } from './audit-entry.entity';

/** Any constant works; it only has to be the same for every writer of the chain. */
const AUDIT_CHAIN_LOCK = 0x61756474;
const VERIFY_BATCH = 1000;

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

@Injectable()
export class AuditService {
  constructor(
    @InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>,
    private readonly clock: Clock,
  ) {}

  /**
   * Appends to the chain inside the caller's transaction, so the change and its audit
   * entry commit or roll back together. The advisory lock serialises writers so each
   * entry links to the one committed before it — every audited write in the service
   * waits on that lock until this transaction commits, which is why only the unit of work
   * calls this, as the last write of a change (the module exports UnitOfWork, not this
   * service). The INSERT reads the last hash and hashes in SQL, in a statement of its own so its snapshot is taken after the lock is
   * granted: two round trips under the lock before the commit instead of three.
   * `chainHash` is the same computation in Node (sha256 of prevHash, "\n" and the UTF-8
   * canonical JSON), and `verify` re-checks every entry with it.
   */
  async record(manager: EntityManager, actor: Actor, record: AuditRecord): Promise<void> {
    // An update that changed nothing is not a change; the chain records changes.
    if (record.before !== undefined && record.after !== undefined && canonicalJson(toJsonValue(record.before)) === canonicalJson(toJsonValue(record.after))) return;
    const fields = {
      occurredAt: this.clock.now(),
      actorId: actor.id,
      actorName: actor.name,
      action: record.action,
      entityType: record.entityType,
      entityId: record.entityId,
      before: toJsonValue(record.before),
      after: toJsonValue(record.after),
    };
    const params = [
      fields.occurredAt,
      fields.actorId,
      fields.actorName,
      fields.action,
      fields.entityType,
      fields.entityId,
      JSON.stringify(fields.before),
      JSON.stringify(fields.after),
      chainedJson(fields),
      GENESIS_HASH,
    ];
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    await manager.query(
      `INSERT INTO audit_log (occurred_at, actor_id, actor_name, action, entity_type, entity_id, before, after, prev_hash, hash)
       SELECT $1::timestamptz, $2::text, $3::text, $4::text, $5::text, $6::text, $7::jsonb, $8::jsonb, last.hash, encode(sha256(convert_to(last.hash || E'\n' || $9::text, 'UTF8')), 'hex')
       FROM (SELECT coalesce((SELECT hash::text FROM audit_log ORDER BY id DESC LIMIT 1), $10::text) AS hash) last`,
      params,
    );
  }

  async list(query: PageQueryDto & { entityType?: string; entityId?: string }): Promise<Page<AuditEntry>> {
    const limit = query.limit ?? 50;
    const qb = this.entries
      .createQueryBuilder('e')
      .orderBy('e.id', 'DESC')
      .take(limit + 1);
    if (query.cursor) {
      // Beyond 18 digits an id could overflow bigint: no entry has one.
      if (!/^\d{1,18}$/.test(query.cursor)) throw invalidCursor();
      qb.andWhere('e.id < :cursor', { cursor: query.cursor });
    }
    if (query.entityType) qb.andWhere('e.entity_type = :entityType', { entityType: query.entityType });
    if (query.entityId) qb.andWhere('e.entity_id = :entityId', { entityId: query.entityId });
    const rows = await qb.getMany();
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
  }

  /** Re-walks the whole chain in batches; memory stays flat however long it is. */
  async verify(): Promise<ChainVerdict> {
    let prevHash = GENESIS_HASH;
    let afterId = '0';
    let count = 0;
    for (;;) {
      const batch = await this.entries.createQueryBuilder('e').where('e.id > :afterId', { afterId }).orderBy('e.id', 'ASC').take(VERIFY_BATCH).getMany();
      if (batch.length === 0) return { valid: true, entries: count };
      const { verdict, lastHash } = verifyChain(batch, prevHash);
      if (!verdict.valid) return { valid: false, entries: count + batch.length, firstInvalidId: verdict.firstInvalidId };
      count += batch.length;
      prevHash = lastHash;
      afterId = batch[batch.length - 1].id;
    }
  }
}
