import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, QueryFailedError, Repository } from 'typeorm';
import { UnitOfWork } from '../audit/unit-of-work';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { mapPage, Page, paginate } from '../common/pagination';
import { conflict, missingReference, notFound, ProblemException } from '../common/problem';
import { LegalHoldQueryDto, PlaceLegalHoldDto, ReleaseLegalHoldDto } from './dto/place-legal-hold.dto';
import { LegalHold } from './legal-hold.entity';
import { ApiProperty } from '@nestjs/swagger';
import { ApiId, ApiInstant, ApiText } from '../common/api-docs.decorator';

/** Postgres' foreign_key_violation: the held controller does not exist. */
const FOREIGN_KEY_VIOLATION = '23503';

/**
 * Placing a hold takes this lock exclusively and every sweep batch takes it shared, so
 * once a hold is committed no batch that started before it can still erase in its scope.
 */
const LEGAL_HOLD_LOCK = 0x686f6c64;

export async function lockAgainstNewHolds(manager: EntityManager): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock_shared($1)', [LEGAL_HOLD_LOCK]);
}

export class LegalHoldScopeView {
  @ApiId({ nullable: true }) controllerId: string | null;
  @ApiText({ nullable: true }) category: string | null;
}

export class LegalHoldView {
  @ApiId() id: string;
  @ApiProperty({ type: LegalHoldScopeView }) scope: LegalHoldScopeView;
  @ApiText() reason: string;
  @ApiProperty() active: boolean;
  @ApiInstant() placedAt: Date;
  @ApiText() placedBy: string;
  @ApiInstant({ nullable: true }) releasedAt: Date | null;
  @ApiText({ nullable: true }) releasedBy: string | null;
  @ApiText({ nullable: true }) releaseReason: string | null;
  @ApiInstant() createdAt: Date;
}

@Injectable()
export class LegalHoldsService {
  constructor(
    @InjectRepository(LegalHold) private readonly holds: Repository<LegalHold>,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async place(dto: PlaceLegalHoldDto, actor: Actor): Promise<LegalHoldView> {
    const { controllerId, category } = dto.scope;
    // A hold on everything would stop all erasure, itself a breach of storage limitation.
    if (!controllerId && !category) {
      throw new ProblemException(400, 'Invalid request: scope', [{ field: 'scope', message: 'scope must name a controllerId, a category, or both' }]);
    }
    return this.unitOfWork.run(actor, async ({ manager, audit }) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [LEGAL_HOLD_LOCK]);
      const hold = manager.create(LegalHold, {
        controllerId: controllerId ?? null,
        category: category ?? null,
        reason: dto.reason,
        placedAt: this.clock.now(),
        placedById: actor.id,
        placedByName: actor.name,
      });
      try {
        await manager.save(hold);
      } catch (error) {
        if (controllerId && error instanceof QueryFailedError && (error.driverError as { code?: string }).code === FOREIGN_KEY_VIOLATION) {
          throw missingReference('scope.controllerId', 'Controller', controllerId);
        }
        throw error;
      }
      audit({ action: 'legal_hold.placed', entityType: 'legal_hold', entityId: hold.id, after: toView(hold) });
      return toView(hold);
    });
  }

  async release(id: string, dto: ReleaseLegalHoldDto, actor: Actor): Promise<LegalHoldView> {
    return this.unitOfWork.run(actor, async ({ manager, audit }) => {
      const hold = await manager.findOne(LegalHold, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!hold) throw notFound('Legal hold', id);
      if (hold.releasedAt) throw conflict(`this legal hold was already released at ${hold.releasedAt.toISOString()}`);
      const before = toView(hold);
      Object.assign(hold, { releasedAt: this.clock.now(), releasedById: actor.id, releasedByName: actor.name, releaseReason: dto.reason ?? null });
      const after = toView(await manager.save(hold));
      audit({ action: 'legal_hold.released', entityType: 'legal_hold', entityId: hold.id, before, after });
      return after;
    });
  }

  async get(id: string): Promise<LegalHoldView> {
    const hold = await this.holds.findOne({ where: { id } });
    if (!hold) throw notFound('Legal hold', id);
    return toView(hold);
  }

  async list(query: LegalHoldQueryDto): Promise<Page<LegalHoldView>> {
    const qb = this.holds.createQueryBuilder('h');
    if (query.active === 'true') qb.andWhere('h.released_at IS NULL');
    if (query.active === 'false') qb.andWhere('h.released_at IS NOT NULL');
    return mapPage(await paginate(qb, query), toView);
  }
}

function toView(hold: LegalHold): LegalHoldView {
  return {
    id: hold.id,
    scope: { controllerId: hold.controllerId, category: hold.category },
    reason: hold.reason,
    active: hold.releasedAt === null,
    placedAt: hold.placedAt,
    placedBy: hold.placedByName,
    releasedAt: hold.releasedAt,
    releasedBy: hold.releasedByName,
    releaseReason: hold.releaseReason,
    createdAt: hold.createdAt,
  };
}
