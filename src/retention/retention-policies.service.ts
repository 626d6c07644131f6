import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UnitOfWork } from '../audit/unit-of-work';
import { Actor } from '../common/actor';
import { notFound, ruleBroken } from '../common/problem';
import { UpdateRetentionPolicyDto } from './dto/update-retention-policy.dto';
import { RetentionPolicy } from './retention-policy.entity';
import { isShorterThan, RetentionTarget, RetentionTargets } from './retention-target';
import { ApiProperty } from '@nestjs/swagger';
import { ApiId, ApiInstant, ApiText } from '../common/api-docs.decorator';

export class MinimumPeriodView {
  @ApiText({ example: 'P7Y' }) period: string;
  @ApiText() reason: string;
}

export class RetentionPolicyView {
  @ApiId() id: string;
  @ApiText() category: string;
  @ApiText({ example: 'P7Y', description: 'ISO 8601 duration, counted in Europe/Amsterdam' }) period: string;
  @ApiText() anchor: string;
  /** The record field the period counts from (read-only). */
  @ApiText({ description: 'the record field the period counts from (read-only)' }) anchorField: string;
  /** The floor no period may go below, and its ground (read-only); null where the officer decides alone. */
  @ApiProperty({ type: MinimumPeriodView, nullable: true, description: 'the floor no period may go below, and its ground; null where the officer decides alone' })
  minimumPeriod: MinimumPeriodView | null;
  @ApiText({ enum: ['delete', 'anonymize'] }) action: string;
  @ApiText() legalBasis: string;
  @ApiInstant() updatedAt: Date;
}

@Injectable()
export class RetentionPoliciesService {
  constructor(
    @InjectRepository(RetentionPolicy) private readonly policies: Repository<RetentionPolicy>,
    private readonly unitOfWork: UnitOfWork,
    private readonly targets: RetentionTargets,
  ) {}

  async list(): Promise<RetentionPolicyView[]> {
    const rows = await this.policies.find({ order: { category: 'ASC' } });
    return rows.filter((p) => this.targets.has(p.category)).map((p) => this.toView(p));
  }

  async get(category: string): Promise<RetentionPolicyView> {
    return this.toView(await this.find(category));
  }

  async update(category: string, dto: UpdateRetentionPolicyDto, actor: Actor): Promise<RetentionPolicyView> {
    const info = this.target(category);
    const known = info.category;
    if (!info.anchors.includes(dto.anchor)) {
      throw ruleBroken(`a ${known} policy counts from ${info.anchors.join(' or ')}`, 'anchor');
    }
    if (!info.actions.includes(dto.action)) throw ruleBroken(`${known} records can only be ${info.actions.map((a) => `${a}d`).join(' or ')}`, 'action');
    const floor = info.minimumPeriod;
    if (floor && isShorterThan(dto.period, floor.period)) throw ruleBroken(`${known} records may not be kept shorter than ${floor.period}: ${floor.reason}`, 'period');
    return this.unitOfWork.run(actor, async ({ manager, audit }) => {
      const policy = await manager.findOneOrFail(RetentionPolicy, { where: { category: known }, lock: { mode: 'pessimistic_write' } });
      const before = this.toView(policy);
      Object.assign(policy, { period: dto.period, anchor: dto.anchor, action: dto.action, legalBasis: dto.legalBasis });
      const after = this.toView(await manager.save(policy));
      audit({ action: 'retention_policy.updated', entityType: 'retention_policy', entityId: policy.id, before, after });
      return after;
    });
  }

  private async find(category: string): Promise<RetentionPolicy> {
    const policy = await this.policies.findOne({ where: { category: this.target(category).category } });
    if (!policy) throw notFound('Retention policy', category);
    return policy;
  }

  private target(category: string): RetentionTarget {
    if (!this.targets.has(category)) throw notFound('Retention policy', category);
    return this.targets.get(category);
  }

  private toView(policy: RetentionPolicy): RetentionPolicyView {
    return {
      id: policy.id,
      category: policy.category,
      period: policy.period,
      anchor: policy.anchor,
      anchorField: this.targets.get(policy.category).anchorField,
      minimumPeriod: this.targets.get(policy.category).minimumPeriod ?? null,
      action: policy.action,
      legalBasis: policy.legalBasis,
      updatedAt: policy.updatedAt,
    };
  }
}
