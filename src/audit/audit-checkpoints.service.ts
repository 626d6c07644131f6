import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, SYSTEM_ACTOR } from '../common/actor';
import { Clock } from '../common/clock';
import { DomainEvents } from '../common/domain-events';
import { invalidCursor, Page, PageQueryDto } from '../common/pagination';
import { AppConfig } from '../config/app-config';
import { AuditChainKeys } from '../config/audit-chain-keys';
import { JobQueues } from '../jobs/job-queues';
import { JobReconciler } from '../jobs/job-reconciler';
import { OnJob } from '../jobs/on-job.decorator';
import { CheckpointFields, chainInstant, chainInstantSql, ChainSigner, checkpointSignature, GENESIS_HASH } from './audit-chain';
import { AUDIT_EVENTS } from './audit.events';
import { TakeAuditCheckpoint } from './audit.queue';
import { UnitOfWork } from './unit-of-work';
import { ApiProperty } from '@nestjs/swagger';
import { ApiInstant, ApiText } from '../common/api-docs.decorator';

/** Stable id: however many replicas boot, there is one checkpoint scheduler. */
export const CHECKPOINT_SCHEDULER_ID = 'audit-checkpoints';

export class AuditCheckpointView implements CheckpointFields {
  @ApiText() id: string;
  @ApiInstant() createdAt: string;
  @ApiProperty({ type: 'integer' }) entryCount: number;
  @ApiText({ nullable: true }) headEntryId: string | null;
  @ApiText() headHash: string;
  @ApiText() keyId: string;
  @ApiText() signature: string;
  @ApiText({ enum: ['schedule', 'manual'] }) trigger: 'schedule' | 'manual';
  @ApiText() requestedBy: string;
}

/**
 * Signed checkpoints of the audit chain — how many entries, which is the head, its hash —
 * in an append-only table, announced as `audit.checkpoint` and logged, so a copy can be kept
 * elsewhere. Verify holds the chain against them: a chain shorter than a checkpoint says
 * was cut short. Taken every AUDIT_CHECKPOINT_INTERVAL_MS when the chain grew, and on demand.
 */
@Injectable()
export class AuditCheckpointsService implements OnModuleInit {
  private readonly logger = new Logger('Audit');
  private readonly signer: ChainSigner;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly keys: AuditChainKeys,
    private readonly events: DomainEvents,
    private readonly queues: JobQueues,
    private readonly reconciler: JobReconciler,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.signer = new ChainSigner(keys.current.secret);
  }

  onModuleInit(): void {
    this.events.declare(...AUDIT_EVENTS);
    this.reconciler.addScheduler(CHECKPOINT_SCHEDULER_ID, () => this.queues.upsertScheduler(CHECKPOINT_SCHEDULER_ID, { every: this.config.AUDIT_CHECKPOINT_INTERVAL_MS }, TakeAuditCheckpoint.request({})));
  }

  @OnJob(TakeAuditCheckpoint)
  async onScheduled(): Promise<void> {
    await this.take(SYSTEM_ACTOR, 'schedule');
  }

  /** A scheduled checkpoint is skipped when the chain has not grown since the last one; a requested one never is. */
  async take(actor: Actor, trigger: AuditCheckpointView['trigger']): Promise<AuditCheckpointView | null> {
    const view = await this.unitOfWork.run(actor, async ({ manager, publish }) => {
      // One statement, one snapshot: the count and the head belong together (the chain's lock makes every snapshot see a prefix of it).
      const [state] = await manager.query<{ entry_count: string; head_entry_id: string | null; head_hash: string | null; last_count: string | null }[]>(
        `SELECT (SELECT count(*) FROM audit_log)::text AS entry_count, h.id::text AS head_entry_id, h.hash AS head_hash,
                (SELECT entry_count::text FROM audit_checkpoints ORDER BY id DESC LIMIT 1) AS last_count
         FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1) h ON true`,
      );
      if (trigger === 'schedule' && state.last_count === state.entry_count) return null;
      const fields: CheckpointFields = {
        createdAt: chainInstant(this.clock.now()),
        entryCount: Number(state.entry_count),
        headEntryId: state.head_entry_id,
        headHash: state.head_hash ?? GENESIS_HASH,
        keyId: this.keys.current.id,
      };
      const signature = checkpointSignature(this.signer, fields);
      const [{ id }] = await manager.query<{ id: string }[]>(
        `INSERT INTO audit_checkpoints (created_at, entry_count, head_entry_id, head_hash, key_id, signature, trigger, requested_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [fields.createdAt, fields.entryCount, fields.headEntryId, fields.headHash, fields.keyId, signature, trigger, actor.name],
      );
      publish('audit.checkpoint', { checkpointId: id, ...fields, signature, controllerIds: [] });
      return { id, ...fields, signature, trigger, requestedBy: actor.name };
    });
    if (view) {
      this.logger.log(
        `audit checkpoint ${view.id}: ${view.entryCount} entries, head entry ${view.headEntryId ?? 'none'} hash ${view.headHash}, at ${view.createdAt}, key ${view.keyId}, signature ${view.signature}`,
      );
    }
    return view;
  }

  async list(query: PageQueryDto): Promise<Page<AuditCheckpointView>> {
    const limit = query.limit ?? 50;
    if (query.cursor && !/^\d{1,18}$/.test(query.cursor)) throw invalidCursor();
    const rows = await this.dataSource.query<
      {
        id: string;
        created_at: string;
        entry_count: string;
        head_entry_id: string | null;
        head_hash: string;
        key_id: string;
        signature: string;
        trigger: AuditCheckpointView['trigger'];
        requested_by: string;
      }[]
    >(
      `SELECT id, ${chainInstantSql('created_at')} AS created_at, entry_count::text, head_entry_id::text, head_hash, key_id, signature, trigger, requested_by
       FROM audit_checkpoints ${query.cursor ? 'WHERE id < $2' : ''} ORDER BY id DESC LIMIT $1`,
      query.cursor ? [limit + 1, query.cursor] : [limit + 1],
    );
    const items = rows.slice(0, limit).map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      entryCount: Number(r.entry_count),
      headEntryId: r.head_entry_id,
      headHash: r.head_hash,
      keyId: r.key_id,
      signature: r.signature,
      trigger: r.trigger,
      requestedBy: r.requested_by,
    }));
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
  }
}
