import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Not } from 'typeorm';
import { UnitOfWork } from '../audit/unit-of-work';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { CsvRows } from '../common/csv';
import { ReadSnapshot } from '../common/read-snapshot';
import { mapPage, Page, paginate } from '../common/pagination';
import { conflict, FieldError, notFound, ProblemException, ruleBroken } from '../common/problem';
import { DataController } from '../data-controllers/data-controller.entity';
import { Processor } from '../processors/processor.entity';
import { AgreementDataStore } from './agreement-data-store.entity';
import { AgreementDetails, DataStoreFlag } from './agreement-details.registry';
import { AgreementGap, agreementGaps, completeChecklist, GAP_KEYS, gapDescription, GapPortfolio, gapPortfolio } from './agreement-gaps';
import { AgreementEnds } from './agreement-ends.service';
import { AgreementDates, agreementStatusAt, endOfAgreementSql, notEndedAtSql, statusAtSql } from './agreement-status';
import { DataStoreDto, ObligationsDto } from './dto/agreement-parts.dto';
import { CreateAgreementDto } from './dto/create-agreement.dto';
import { AgreementScopeQuery, ListAgreementsQuery } from './dto/list-agreements.query';
import { UpdateAgreementDto } from './dto/update-agreement.dto';
import { AgreementView, DataStoreView, GapPortfolioView, PortfolioAgreementView } from './agreement.view';
import { AgreementStatus, ObligationChecklist, OBLIGATION_KEYS, ProcessingAgreement } from './processing-agreement.entity';

type GapRow = Omit<PortfolioAgreementView, 'status'> & AgreementDates & { gaps: string[] };
export const GAPS_CSV_HEADER = ['id', 'reference', 'status', 'controllerId', 'controllerName', 'processorId', 'gaps', 'missing'];
/** Agreements per FETCH for the gaps CSV: about 50 kB of CSV, a batch short-lived enough to die in V8's young generation (see `ReadSnapshot.batches`). */
const AGREEMENTS_PER_FETCH = 100;
/** What a gap portfolio covers unless asked otherwise: the agreements not ended. */
const NOT_ENDED: AgreementStatus[] = ['scheduled', 'active', 'terminating'];

function withStatus({ effectiveFrom, endsAt, terminatedAt, terminationEffectiveAt, ...row }: GapRow, now: Date): PortfolioAgreementView & { gaps: string[] } {
  return { ...row, status: agreementStatusAt({ effectiveFrom, endsAt, terminatedAt, terminationEffectiveAt }, now) };
}
export type AgreementDetailView = AgreementView & { dataStores: DataStoreView[] } & Record<string, unknown>;

@Injectable()
export class AgreementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly ends: AgreementEnds,
    private readonly details: AgreementDetails,
    private readonly clock: Clock,
  ) {}

  async create(dto: CreateAgreementDto, actor: Actor): Promise<AgreementDetailView> {
    const now = this.clock.now();
    const effectiveFrom = new Date(dto.effectiveFrom);
    const endsAt = dto.endsAt ? new Date(dto.endsAt) : null;
    assertDatesInOrder(effectiveFrom, endsAt);
    assertUniqueStoreNames(dto.dataStores ?? []);
    return this.unitOfWork.run(actor, async ({ manager, audit, schedule }) => {
      await assertPartiesExist(manager, dto.controllerId, dto.processorId);
      await assertReferenceFree(manager, dto.processorId, dto.reference);
      await this.assertStoreReferences(manager, dto.processorId, dto.dataStores ?? []);
      const agreement = await manager.save(
        manager.create(ProcessingAgreement, {
          controllerId: dto.controllerId,
          processorId: dto.processorId,
          reference: dto.reference,
          subjectMatter: dto.subjectMatter ?? null,
          natureOfProcessing: dto.natureOfProcessing ?? null,
          effectiveFrom,
          endsAt,
          breachNotificationHours: dto.breachNotificationHours,
          purposes: dto.purposes,
          dataCategories: dto.dataCategories,
          dataSubjectCategories: dto.dataSubjectCategories,
          specialCategories: dto.specialCategories ?? [],
          subProcessorAuthorization: dto.subProcessorAuthorization,
          objectionPeriodDays: dto.objectionPeriodDays ?? null,
          dataSubjectRequestForwardingHours: dto.dataSubjectRequestForwardingHours ?? null,
          endOfContractAction: dto.endOfContract.action,
          endOfContractWithinDays: dto.endOfContract.withinDays,
          obligations: completeChecklist(mergeObligations({}, dto.obligations ?? undefined)),
          terminatedAt: null,
          terminationEffectiveAt: null,
          terminationReason: null,
          endReachedAt: null,
          endingNoticeFor: null,
        }),
      );
      schedule(this.ends.jobs(agreement));
      const stores = await replaceDataStores(manager, agreement.id, dto.dataStores ?? []);
      const after = await this.detail(manager, agreement, stores, now);
      audit({ action: 'agreement.created', entityType: 'agreement', entityId: agreement.id, after });
      return after;
    });
  }

  async list(query: ListAgreementsQuery): Promise<Page<AgreementView>> {
    const now = this.clock.now();
    const qb = this.inScope(query, now);
    if (query.hasGaps) qb.andWhere(`cardinality(a.gaps) ${query.hasGaps === 'true' ? '>' : '='} 0`);
    if (query.endingBefore) qb.andWhere(`${notEndedAtSql('a', ':now')} AND ${endOfAgreementSql('a')} < :endingBefore`, { now, endingBefore: query.endingBefore });
    return mapPage(await paginate(qb, query), (row) => agreementView(row, now));
  }

  /** The portfolio's Art. 28(3) gaps; without a status, of the agreements not ended (scheduled, active, terminating). */
  async gaps(query: AgreementScopeQuery): Promise<GapPortfolioView> {
    const now = this.clock.now();
    const rows = await this.gapsQuery(query, now).getRawMany<GapRow>();
    return gapPortfolio(rows.map((row) => withStatus(row, now)));
  }

  /** The agreements with gaps, one row each, from a cursor: what `gaps` lists, for a spreadsheet. */
  async gapsCsv(query: AgreementScopeQuery): Promise<CsvRows> {
    const now = this.clock.now();
    const qb = this.gapsQuery(query, now).addSelect('a.processor_id', 'processorId').andWhere('cardinality(a.gaps) > 0');
    const snapshot = await ReadSnapshot.open(this.dataSource);
    async function* rows(): AsyncGenerator<unknown[][]> {
      for await (const batch of snapshot.batchesOf<GapRow & { processorId: string }>('agreement_gaps', qb, AGREEMENTS_PER_FETCH)) {
        // Each line straight from its row: copying every row first (withStatus's rest and spread) had V8 promote the copies,
        // and the old generation grew by about 25 MB per 100,000 agreements exported (bench/exports).
        yield batch.map((row) => [
          row.id,
          row.reference,
          agreementStatusAt(row, now),
          row.controllerId,
          row.controllerName,
          row.processorId,
          row.gaps,
          row.gaps.map((gap) => gapDescription(gap as AgreementGap['obligation'])).join('\n'),
        ]);
      }
    }
    return { rows: rows(), close: () => snapshot.release() };
  }

  /** The agreements a gap portfolio covers, by reference; without a status, those not ended (scheduled, active, terminating). */
  private gapsQuery(query: AgreementScopeQuery, now: Date) {
    return this.inScope({ ...query, status: query.status ?? NOT_ENDED }, now)
      .innerJoin(DataController, 'c', 'c.id = a.controller_id')
      .select(['a.id AS id', 'a.reference AS reference', 'a.controller_id AS "controllerId"', 'c.name AS "controllerName"'])
      .addSelect(['a.effective_from AS "effectiveFrom"', 'a.ends_at AS "endsAt"', 'a.terminated_at AS "terminatedAt"', 'a.termination_effective_at AS "terminationEffectiveAt"'])
      .addSelect('a.gaps', 'gaps')
      .orderBy('a.reference')
      .addOrderBy('a.id');
  }

  /**
   * The same portfolio as `gaps`, counted in Postgres and naming only the first `examples`
   * agreements (by reference) per gap: for an overview of thousands of agreements, which
   * would otherwise all cross into the process on every read.
   */
  async gapSummary(examples: number): Promise<GapPortfolio<Omit<PortfolioAgreementView, 'status'>>> {
    const notEnded = `(${NOT_ENDED.map((status) => statusAtSql('a', status, '$1')).join(' OR ')})`;
    // A part of its own per gap, the gap bound as a value the planner sees: one most agreements
    // miss is found within the first rows in reference order, a rare one through the GIN index.
    const first = GAP_KEYS.map(
      (_, i) =>
        `(SELECT $${i + 3}::text AS gap, a.id, a.reference, a.controller_id FROM processing_agreements a
           WHERE ${notEnded} AND a.gaps @> ARRAY[$${i + 3}::text] ORDER BY a.reference, a.id LIMIT $2)`,
    );
    // One statement, so the counts and the examples come from one snapshot; agreements with the
    // same gaps are counted together, so the count per gap adds up a few groups, not every pair.
    const rows = await this.dataSource.query<
      { checked: number; with_gaps: number; gap: string | null; total: number | null; id: string | null; reference: string | null; controller_id: string | null; controller_name: string | null }[]
    >(
      `WITH alike AS (SELECT a.gaps, count(*)::int AS n FROM processing_agreements a WHERE ${notEnded} GROUP BY a.gaps),
            totals AS (SELECT g.gap, sum(s.n)::int AS total FROM alike s CROSS JOIN LATERAL unnest(s.gaps) AS g(gap) GROUP BY g.gap),
            firsts AS (${first.join(' UNION ALL ')})
       SELECT t.checked, t.with_gaps, f.gap, f.total, f.id, f.reference, f.controller_id, f.controller_name
         FROM (SELECT coalesce(sum(n), 0)::int AS checked, coalesce(sum(n) FILTER (WHERE cardinality(gaps) > 0), 0)::int AS with_gaps FROM alike) t
         LEFT JOIN (SELECT f.gap, s.total, f.id, f.reference, f.controller_id, c.name AS controller_name
                      FROM firsts f JOIN totals s ON s.gap = f.gap JOIN data_controllers c ON c.id = f.controller_id) f ON true
        ORDER BY f.gap, f.reference, f.id`,
      [this.clock.now(), examples, ...GAP_KEYS],
    );
    const ofGap = (key: string) => rows.filter((r) => r.gap === key);
    return {
      agreementsChecked: rows[0].checked,
      agreementsWithGaps: rows[0].with_gaps,
      gaps: GAP_KEYS.map((key) => ({
        obligation: key,
        description: gapDescription(key),
        count: ofGap(key)[0]?.total ?? 0,
        agreements: ofGap(key).map((r) => ({ id: r.id!, reference: r.reference!, controllerId: r.controller_id!, controllerName: r.controller_name! })),
      })),
    };
  }

  private inScope(query: AgreementScopeQuery, now: Date) {
    const qb = this.dataSource.getRepository(ProcessingAgreement).createQueryBuilder('a');
    if (query.controllerId) qb.andWhere('a.controller_id = :controllerId', { controllerId: query.controllerId });
    if (query.processorId) qb.andWhere('a.processor_id = :processorId', { processorId: query.processorId });
    if (query.status) qb.andWhere(`(${query.status.map((status) => statusAtSql('a', status, ':now')).join(' OR ')})`, { now });
    return qb;
  }

  async get(id: string): Promise<AgreementDetailView> {
    const agreement = await this.dataSource.manager.findOne(ProcessingAgreement, { where: { id } });
    if (!agreement) throw notFound('agreement', id);
    const stores = await this.dataSource.manager.find(AgreementDataStore, { where: { agreementId: id } });
    return this.detail(this.dataSource.manager, agreement, stores, this.clock.now());
  }

  async update(id: string, dto: UpdateAgreementDto, actor: Actor): Promise<AgreementDetailView> {
    const now = this.clock.now();
    if (dto.dataStores) assertUniqueStoreNames(dto.dataStores);
    return this.unitOfWork.run(actor, async ({ manager, audit, schedule }) => {
      const agreement = await manager.findOne(ProcessingAgreement, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!agreement) throw notFound('agreement', id);
      const status = agreementStatusAt(agreement, now);
      if (status === 'terminating' || status === 'ended') throw conflict(`this agreement is ${status}; its terms are kept as they were`);
      const storesBefore = await manager.find(AgreementDataStore, { where: { agreementId: id } });
      const before = await this.detail(manager, agreement, storesBefore, now);
      if (dto.dataStores) await this.assertStoreReferences(manager, agreement.processorId, dto.dataStores);

      if (dto.reference !== undefined && dto.reference !== agreement.reference) await assertReferenceFree(manager, agreement.processorId, dto.reference, id);
      const { effectiveFrom, endsAt, endOfContract, obligations, dataStores: _stores, ...plain } = dto;
      manager.merge(ProcessingAgreement, agreement, plain);
      if (effectiveFrom !== undefined) agreement.effectiveFrom = new Date(effectiveFrom);
      if (endsAt !== undefined) agreement.endsAt = endsAt === null ? null : new Date(endsAt);
      if (endOfContract) {
        agreement.endOfContractAction = endOfContract.action;
        agreement.endOfContractWithinDays = endOfContract.withinDays;
      }
      if (obligations) agreement.obligations = completeChecklist(mergeObligations(agreement.obligations, obligations));
      assertDatesInOrder(agreement.effectiveFrom, agreement.endsAt);
      if (agreement.subProcessorAuthorization === 'general' && agreement.objectionPeriodDays === null) {
        throw ruleBroken('general authorisation needs an objectionPeriodDays', 'objectionPeriodDays');
      }
      const saved = await manager.save(agreement);
      schedule(this.ends.jobs(saved));
      const stores = dto.dataStores ? await replaceDataStores(manager, id, dto.dataStores) : storesBefore;
      const after = await this.detail(manager, saved, stores, now);
      audit({ action: 'agreement.updated', entityType: 'agreement', entityId: id, before, after });
      return after;
    });
  }

  /** The agreement with the sections other features add (its sub-processors) and their flags on its data stores. */
  private async detail(manager: EntityManager, row: ProcessingAgreement, stores: AgreementDataStore[], now: Date): Promise<AgreementDetailView> {
    const { sections, dataStoreFlags } = await this.details.read(manager, {
      agreementId: row.id,
      dataStores: stores.map((s) => ({ id: s.id, subProcessorId: s.subProcessorId })),
      now,
    });
    return { ...detailView(row, stores, dataStoreFlags, now), ...sections };
  }

  /** A data store may name only a sub-processor of the agreement's own processor. */
  private async assertStoreReferences(manager: EntityManager, processorId: string, stores: DataStoreDto[]): Promise<void> {
    const named = [...new Set(stores.flatMap((s) => (s.subProcessorId ? [s.subProcessorId] : [])))];
    const wrong = await this.details.checkDataStoreReferences(manager, processorId, named);
    const errors: FieldError[] = stores.flatMap((store, index) => {
      const reason = store.subProcessorId ? wrong.get(store.subProcessorId) : undefined;
      return reason ? [{ field: `dataStores[${index}].subProcessorId`, message: reason }] : [];
    });
    if (errors.length) throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, errors.map((e) => e.message).join('; '), errors, 'missing-reference');
  }
}

function assertDatesInOrder(effectiveFrom: Date, endsAt: Date | null): void {
  if (endsAt && endsAt.getTime() <= effectiveFrom.getTime()) throw ruleBroken('endsAt must lie after effectiveFrom', 'endsAt');
}

function assertUniqueStoreNames(stores: DataStoreDto[]): void {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  stores.forEach((store, index) => {
    if (seen.has(store.name)) errors.push({ field: `dataStores[${index}].name`, message: `data store name ${store.name} is used twice` });
    seen.add(store.name);
  });
  if (errors.length) throw new ProblemException(HttpStatus.BAD_REQUEST, 'Each data store of an agreement needs its own name', errors);
}

async function assertPartiesExist(manager: EntityManager, controllerId: string, processorId: string): Promise<void> {
  const errors: FieldError[] = [];
  if (!(await manager.exists(DataController, { where: { id: controllerId } }))) errors.push({ field: 'controllerId', message: `controller ${controllerId} does not exist` });
  if (!(await manager.exists(Processor, { where: { id: processorId } }))) errors.push({ field: 'processorId', message: `processor ${processorId} does not exist` });
  if (errors.length) throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, errors.map((e) => e.message).join('; '), errors, 'missing-reference');
}

async function assertReferenceFree(manager: EntityManager, processorId: string, reference: string, exceptId?: string): Promise<void> {
  const taken = await manager.exists(ProcessingAgreement, { where: { processorId, reference, ...(exceptId ? { id: Not(exceptId) } : {}) } });
  if (taken) throw conflict(`this processor already has an agreement with reference ${reference}`, 'reference');
}

function mergeObligations(current: ObligationChecklist, changes: ObligationsDto | undefined): ObligationChecklist {
  const merged: ObligationChecklist = { ...current };
  for (const key of OBLIGATION_KEYS) {
    const change = changes?.[key];
    if (change) merged[key] = { covered: change.covered, clauseRef: change.clauseRef ?? null };
  }
  return merged;
}

/**
 * Makes the agreement's stores exactly `wanted`, matched by name: a store that stays
 * keeps its id (deletion tasks refer to it) and its secret unless a new one is given.
 */
async function replaceDataStores(manager: EntityManager, agreementId: string, wanted: DataStoreDto[]): Promise<AgreementDataStore[]> {
  const existing = await manager.find(AgreementDataStore, {
    where: { agreementId },
    select: { id: true, agreementId: true, name: true, subProcessorId: true, erasureMethod: true, erasureUrl: true, erasureSecret: true, createdAt: true },
  });
  const byName = new Map(existing.map((store) => [store.name, store]));
  const removed = existing.filter((store) => !wanted.some((w) => w.name === store.name));
  if (removed.length)
    await manager.delete(
      AgreementDataStore,
      removed.map((store) => store.id),
    );
  const kept: AgreementDataStore[] = [];
  for (const store of wanted) {
    const row = byName.get(store.name) ?? manager.create(AgreementDataStore, { agreementId, name: store.name, erasureSecret: null });
    row.subProcessorId = store.subProcessorId ?? null;
    row.erasureMethod = store.erasure.method;
    row.erasureUrl = store.erasure.url ?? null;
    if (store.erasure.secret !== undefined) row.erasureSecret = store.erasure.secret;
    kept.push(await manager.save(row));
  }
  return kept;
}

export function agreementView(row: ProcessingAgreement, now: Date): AgreementView {
  return {
    id: row.id,
    controllerId: row.controllerId,
    processorId: row.processorId,
    reference: row.reference,
    status: agreementStatusAt(row, now),
    subjectMatter: row.subjectMatter,
    natureOfProcessing: row.natureOfProcessing,
    effectiveFrom: row.effectiveFrom,
    endsAt: row.endsAt,
    breachNotificationHours: row.breachNotificationHours,
    purposes: row.purposes,
    dataCategories: row.dataCategories,
    dataSubjectCategories: row.dataSubjectCategories,
    specialCategories: row.specialCategories,
    subProcessorAuthorization: row.subProcessorAuthorization,
    objectionPeriodDays: row.objectionPeriodDays,
    dataSubjectRequestForwardingHours: row.dataSubjectRequestForwardingHours,
    endOfContract: { action: row.endOfContractAction, withinDays: row.endOfContractWithinDays },
    obligations: completeChecklist(row.obligations),
    gaps: agreementGaps(row),
    terminatedAt: row.terminatedAt,
    terminationEffectiveAt: row.terminationEffectiveAt,
    terminationReason: row.terminationReason,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The secret stays in the database: only the store's own requests are signed with it. */
function dataStoreView(store: AgreementDataStore, flags: DataStoreFlag[]): DataStoreView {
  return { id: store.id, name: store.name, subProcessorId: store.subProcessorId, erasure: { method: store.erasureMethod, url: store.erasureUrl }, flags };
}

function detailView(row: ProcessingAgreement, stores: AgreementDataStore[], flags: Map<string, DataStoreFlag[]>, now: Date): AgreementView & { dataStores: DataStoreView[] } {
  const byName = [...stores].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { ...agreementView(row, now), dataStores: byName.map((store) => dataStoreView(store, flags.get(store.id) ?? [])) };
}
