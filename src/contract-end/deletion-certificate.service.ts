import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { endOfAgreement } from '../agreements/agreement-status';
import { ProcessingAgreement } from '../agreements/processing-agreement.entity';
import { Clock } from '../common/clock';
import { conflict, notFound } from '../common/problem';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { RetentionPolicy } from '../retention/retention-policy.entity';
import { retentionEndsAt } from '../retention/retention-period';
import { DataExportService, DataExportView } from './data-export.service';
import { CONTRACT_END_DELETION } from './erasure-workflow.service';
import { DeletionTasksQuery, DeletionTaskView } from './deletion-tasks.query';

interface Party {
  id: string;
  name: string;
  country: string;
  kvkNumber: string | null;
}

export interface KeptCategory {
  category: 'invoice' | 'contact' | 'data_export';
  records: number;
  /** When the last of these records may go; null when nothing is kept or a hold or live agreement keeps them open-ended. */
  keptUntil: Date | null;
  reason: string;
  legalBasis: string;
  legalHoldIds: string[];
}

/** Vernietigingsverklaring: what was erased where and when, and what is kept and why. */
export interface DeletionCertificate {
  issuedAt: Date;
  complete: boolean;
  agreement: {
    id: string;
    reference: string;
    status: string;
    effectiveFrom: Date;
    terminatedAt: Date | null;
    terminationEffectiveAt: Date | null;
    terminationReason: string | null;
    endOfContract: { action: string; withinDays: number };
  };
  controller: Party;
  processor: Party;
  deletion: { dueAt: Date | null; deadlineStatus: string | null };
  dataExport: DataExportView | null;
  dataStores: DeletionTaskView[];
  kept: KeptCategory[];
}

@Injectable()
export class DeletionCertificateService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deletionTasks: DeletionTasksQuery,
    private readonly deadlines: DeadlinesService,
    private readonly exports: DataExportService,
    private readonly clock: Clock,
  ) {}

  async build(agreementId: string): Promise<DeletionCertificate> {
    const manager = this.dataSource.manager;
    const agreement = await manager.findOne(ProcessingAgreement, { where: { id: agreementId } });
    if (!agreement) throw notFound('Agreement', agreementId);
    if (agreement.status !== 'terminated' && agreement.status !== 'ended') throw conflict('the agreement has not been terminated: there is no deletion to certify yet');
    const [deadline] = (await this.deadlines.find({ kind: CONTRACT_END_DELETION, subjectType: 'agreement', subjectIds: [agreementId] })).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    const dataStores = await this.deletionTasks.views(manager, { agreementId });
    return {
      issuedAt: this.clock.now(),
      complete: dataStores.every((t) => t.status === 'confirmed'),
      agreement: {
        id: agreement.id,
        reference: agreement.reference,
        status: agreement.status,
        effectiveFrom: agreement.effectiveFrom,
        terminatedAt: agreement.terminatedAt,
        terminationEffectiveAt: agreement.terminationEffectiveAt,
        terminationReason: agreement.terminationReason,
        endOfContract: { action: agreement.endOfContractAction, withinDays: agreement.endOfContractWithinDays },
      },
      controller: await party(manager, 'data_controllers', agreement.controllerId),
      processor: await party(manager, 'processors', agreement.processorId),
      deletion: { dueAt: deadline?.dueAt ?? null, deadlineStatus: deadline?.status ?? null },
      dataExport: await this.exports.findView(manager, agreementId),
      dataStores,
      kept: await this.kept(manager, agreement),
    };
  }

  /**
   * The controller's own records this service keeps past the contract: invoices for the
   * tax authority until their own 7-year term, contacts until their own term — later
   * still while a legal hold or another live agreement with the controller needs them.
   */
  private async kept(manager: EntityManager, agreement: ProcessingAgreement): Promise<KeptCategory[]> {
    const now = this.clock.now();
    const policies = new Map((await manager.find(RetentionPolicy)).map((p) => [p.category, p]));
    const holds = await manager.query<{ id: string; category: string | null }[]>(
      `SELECT id, category FROM legal_holds WHERE released_at IS NULL AND (controller_id = $1 OR (controller_id IS NULL AND category IN ('invoice', 'contact', 'data_export')))`,
      [agreement.controllerId],
    );
    const ends = (await manager.find(ProcessingAgreement, { where: { controllerId: agreement.controllerId } })).filter((a) => a.status !== 'ended').map(endOfAgreement);
    const live = { openEnded: ends.some((end) => end === null), until: ends.reduce<Date | null>((latest, end) => (end && (!latest || end > latest) ? end : latest), null) };
    const [invoices] = await manager.query<{ n: number; latest: Date | null }[]>(`SELECT count(*)::int AS n, max(issued_at) AS latest FROM invoices WHERE controller_id = $1 AND anonymized_at IS NULL`, [
      agreement.controllerId,
    ]);
    const [contacts] = await manager.query<{ n: number; latest: Date | null }[]>(
      `SELECT count(*)::int AS n, max(last_activity_at) AS latest FROM contacts WHERE controller_id = $1 AND anonymized_at IS NULL`,
      [agreement.controllerId],
    );
    const [exported] = await manager.query<{ n: number; latest: Date | null }[]>(
      `SELECT count(*)::int AS n, max(created_at) AS latest FROM data_exports WHERE agreement_id = $1 AND content_purged_at IS NULL`,
      [agreement.id],
    );

    const entry = (category: KeptCategory['category'], n: number, latest: Date | null, reason: string, liveUntil?: { openEnded: boolean; until: Date | null }): KeptCategory => {
      const policy = policies.get(category)!;
      const heldBy = holds.filter((h) => h.category === null || h.category === category).map((h) => h.id);
      let keptUntil = latest && n > 0 ? retentionEndsAt(policy.anchor, latest, policy.period) : null;
      if (keptUntil && liveUntil?.openEnded) keptUntil = null;
      else if (keptUntil && liveUntil?.until && liveUntil.until.getTime() > keptUntil.getTime() && liveUntil.until.getTime() > now.getTime()) keptUntil = liveUntil.until;
      if (heldBy.length) keptUntil = null;
      return { category, records: n, keptUntil, reason, legalBasis: policy.legalBasis, legalHoldIds: heldBy };
    };
    return [
      entry(
        'invoice',
        invoices.n,
        invoices.latest,
        `Invoices are kept for the tax authority for ${policies.get('invoice')!.period} after the close of their financial year, then ${policies.get('invoice')!.action === 'delete' ? 'deleted' : 'anonymised'}`,
      ),
      entry('contact', contacts.n, contacts.latest, `Contact persons are kept ${policies.get('contact')!.period} after the last activity, and while another agreement with the controller is live`, live),
      entry('data_export', exported.n, exported.latest, `The copy handed back to the controller is kept ${policies.get('data_export')!.period} for it to fetch, then its content is purged`),
    ];
  }
}

async function party(manager: EntityManager, table: 'data_controllers' | 'processors', id: string): Promise<Party> {
  const [row] = await manager.query<Party[]>(`SELECT id, name, country, kvk_number AS "kvkNumber" FROM ${table} WHERE id = $1`, [id]);
  return row;
}
