import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { notFound, ruleBroken } from '../common/problem';
import { UpdateRetentionPolicyDto } from './dto/update-retention-policy.dto';
import { isShorterThan, RETENTION_CATEGORIES, RetentionCategory, SWEEP_TARGETS } from './retention-categories';
import { RetentionPolicy } from './retention-policy.entity';

export interface RetentionPolicyView {
  id: string;
  category: RetentionCategory;
  period: string;
  anchor: string;
  /** The record field the period counts from (read-only). */
  anchorField: string;
  action: string;
  legalBasis: string;
  updatedAt: Date;
}

@Injectable()
export class RetentionPoliciesService {
  constructor(
    @InjectRepository(RetentionPolicy) private readonly policies: Repository<RetentionPolicy>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<RetentionPolicyView[]> {
    const rows = await this.policies.find({ order: { category: 'ASC' } });
    return rows.map(toView);
  }

  async get(category: string): Promise<RetentionPolicyView> {
    return toView(await this.find(category));
  }

  async update(category: string, dto: UpdateRetentionPolicyDto, actor: Actor): Promise<RetentionPolicyView> {
    const known = assertCategory(category);
    const info = SWEEP_TARGETS[known];
    if (!info.anchors.includes(dto.anchor)) {
      throw ruleBroken(`a ${known} policy counts from ${info.anchors.join(' or ')}`, 'anchor');
    }
    if (!info.actions.includes(dto.action)) throw ruleBroken(`${known} records can only be ${info.actions.map((a) => `${a}d`).join(' or ')}`, 'action');
    if (info.minimumPeriod && isShorterThan(dto.period, info.minimumPeriod.period)) throw ruleBroken(info.minimumPeriod.reason, 'period');
    return this.dataSource.transaction(async (manager) => {
      const policy = await manager.findOneOrFail(RetentionPolicy, { where: { category: known }, lock: { mode: 'pessimistic_write' } });
      const before = toView(policy);
      Object.assign(policy, { period: dto.period, anchor: dto.anchor, action: dto.action, legalBasis: dto.legalBasis });
      const saved = await manager.save(policy);
      await this.audit.record(manager, actor, { action: 'retention_policy.updated', entityType: 'retention_policy', entityId: policy.id, before, after: toView(saved) });
      return toView(saved);
    });
  }

  private async find(category: string): Promise<RetentionPolicy> {
    const policy = await this.policies.findOne({ where: { category: assertCategory(category) } });
    if (!policy) throw notFound('Retention policy', category);
    return policy;
  }
}

function assertCategory(category: string): RetentionCategory {
  if (!(RETENTION_CATEGORIES as readonly string[]).includes(category)) throw notFound('Retention policy', category);
  return category as RetentionCategory;
}

function toView(policy: RetentionPolicy): RetentionPolicyView {
  return {
    id: policy.id,
    category: policy.category,
    period: policy.period,
    anchor: policy.anchor,
    anchorField: SWEEP_TARGETS[policy.category].anchorField,
    action: policy.action,
    legalBasis: policy.legalBasis,
    updatedAt: policy.updatedAt,
  };
}
