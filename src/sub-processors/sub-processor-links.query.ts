import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DataStoreFlag } from '../agreements/agreement-details.registry';
import { mapPage, Page, PageOrder, paginate } from '../common/pagination';
import { Deadline } from '../deadlines/deadline.entity';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { ListObjectionsQuery } from './dto/list-objections.query';
import { ApiProperty } from '@nestjs/swagger';
import { ApiId, ApiInstant, ApiText } from '../common/api-docs.decorator';
import {
  Announcement,
  ANNOUNCEMENTS,
  OBJECTION_RESOLUTIONS,
  ObjectionResolution,
  SUB_PROCESSOR_LINK_STATUSES,
  SubProcessorAgreement,
  SubProcessorLinkStatus,
  SubProcessorTerms,
} from './sub-processor-agreement.entity';
import { blockedBecause } from './sub-processor-links';

/** The controller's objection period for one sub-processor on one agreement (general authorisation). */
export const OBJECTION_WINDOW = 'objection_window';
/** The date a controller is asked to approve one sub-processor for one agreement by (specific authorisation). */
export const APPROVAL_REQUEST = 'approval_request';
export const LINK_SUBJECT = 'sub_processor_agreement';

export class ObjectionView {
  @ApiInstant() objectedAt: Date;
  @ApiText({ nullable: true }) reason: string | null;
  @ApiText({ nullable: true, enum: OBJECTION_RESOLUTIONS }) resolution: ObjectionResolution | null;
  @ApiInstant({ nullable: true }) resolvedAt: Date | null;
  @ApiText({ nullable: true }) resolutionNote: string | null;
}

/** The terms a notice is about. */
export class SubProcessorTermsView {
  @ApiText({ example: 'DE', description: 'ISO 3166-1 alpha-2' }) country: string;
  @ApiText() service: string;
  @ApiText({ nullable: true }) transferMechanism: string | null;
}

/** One sub-processor on one agreement, as both the sub-processor and the agreement show it. */
export class LinkView {
  @ApiId() id: string;
  @ApiId() subProcessorId: string;
  @ApiId() agreementId: string;
  @ApiId() controllerId: string;
  @ApiText({ enum: SUB_PROCESSOR_LINK_STATUSES }) status: SubProcessorLinkStatus;
  @ApiText({ enum: ANNOUNCEMENTS }) announcement: Announcement;
  @ApiInstant() announcedAt: Date;
  @ApiId({ nullable: true }) replacesSubProcessorId: string | null;
  @ApiProperty({ type: SubProcessorTermsView, nullable: true, description: 'a change withdrawn for this client, or still open: the terms it had authorised' })
  previousTerms: SubProcessorTerms | null;
  @ApiInstant({ nullable: true }) decidedAt: Date | null;
  @ApiText({ nullable: true }) decisionNote: string | null;
  @ApiInstant({ nullable: true, description: "when the controller's objection period ends (general authorisation only)" }) objectionDueAt: Date | null;
  @ApiInstant({ nullable: true, description: 'the date the controller is asked to approve by (specific authorisation only)' }) approvalDueAt: Date | null;
  @ApiProperty({ type: ObjectionView, nullable: true }) objection: ObjectionView | null;
  @ApiInstant({ nullable: true }) endedAt: Date | null;
  @ApiText({ nullable: true, description: 'why it may not be used for this agreement now; null where it may' }) blocked: string | null;
}

interface LinkRow {
  id: string;
  sub_processor_id: string;
  agreement_id: string;
  controller_id: string;
  status: SubProcessorLinkStatus;
  announcement: Announcement;
  announced_at: Date;
  replaces_sub_processor_id: string | null;
  previous_terms: SubProcessorTerms | null;
  decided_at: Date | null;
  decision_note: string | null;
  objected_at: Date | null;
  objection_reason: string | null;
  objection_resolution: ObjectionResolution | null;
  objection_resolved_at: Date | null;
  objection_resolution_note: string | null;
  ended_at: Date | null;
}

const LINK_COLUMNS = `l.id, l.sub_processor_id, l.agreement_id, a.controller_id, l.status, l.announcement, l.announced_at, l.replaces_sub_processor_id, l.previous_terms,
       l.decided_at, l.decision_note, l.objected_at, l.objection_reason, l.objection_resolution, l.objection_resolved_at, l.objection_resolution_note, l.ended_at`;

/** An agreement's sub-processor, as `GET /agreements/:id` lists it. */
export interface AgreementSubProcessorView extends LinkView {
  name: string;
  service: string;
  country: string;
  transferMechanism: string | null;
}

export class OpenObjectionView {
  @ApiId() linkId: string;
  @ApiId() subProcessorId: string;
  @ApiText() subProcessorName: string;
  @ApiId() agreementId: string;
  @ApiText() agreementReference: string;
  @ApiId() controllerId: string;
  @ApiText() controllerName: string;
  @ApiText({ enum: ANNOUNCEMENTS }) announcement: Announcement;
  @ApiInstant() announcedAt: Date;
  @ApiText({ enum: SUB_PROCESSOR_LINK_STATUSES }) status: SubProcessorLinkStatus;
  @ApiProperty({ type: ObjectionView }) objection: ObjectionView;
}

/** An agreement a sub-processor works for, as a list of sub-processors names it. */
export interface AgreementUsingView {
  agreementId: string;
  reference: string;
  controllerName: string;
  status: SubProcessorLinkStatus;
}

const OLDEST_OBJECTION_FIRST: PageOrder<SubProcessorAgreement> = { column: 'objected_at', key: 'objectedAt', direction: 'ASC' };

/**
 * How sub-processor links are read, by this module and by those that flag what a blocked
 * sub-processor touches (agreements through their port, incidents directly).
 */
@Injectable()
export class SubProcessorLinksQuery {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deadlines: DeadlinesService,
  ) {}

  /** The agreement a link is part of: where a person deals with the link's objection or approval. */
  async agreementOf(linkId: string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ agreement_id: string }[]>(`SELECT agreement_id FROM sub_processor_agreements WHERE id = $1`, [linkId]);
    return row?.agreement_id ?? null;
  }

  async ofSubProcessor(manager: EntityManager, subProcessorId: string, now: Date): Promise<LinkView[]> {
    const rows = await manager.query<LinkRow[]>(
      `SELECT ${LINK_COLUMNS}
         FROM sub_processor_agreements l JOIN processing_agreements a ON a.id = l.agreement_id
        WHERE l.sub_processor_id = $1
        ORDER BY l.created_at, l.id`,
      [subProcessorId],
    );
    return this.views(manager, rows, now);
  }

  async ofAgreement(manager: EntityManager, agreementId: string, now: Date): Promise<AgreementSubProcessorView[]> {
    const rows = await manager.query<(LinkRow & { name: string; service: string; country: string; transfer_mechanism: string | null })[]>(
      `SELECT ${LINK_COLUMNS}, s.name, s.service, s.country, s.transfer_mechanism
         FROM sub_processor_agreements l
         JOIN processing_agreements a ON a.id = l.agreement_id
         JOIN sub_processors s ON s.id = l.sub_processor_id
        WHERE l.agreement_id = $1
        ORDER BY s.name, l.id`,
      [agreementId],
    );
    const views = await this.views(manager, rows, now);
    return views.map((view, i) => ({ ...view, name: rows[i].name, service: rows[i].service, country: rows[i].country, transferMechanism: rows[i].transfer_mechanism }));
  }

  /** A data store on a sub-processor that may not be used for its agreement, or that was never announced for it. */
  dataStoreFlags(links: AgreementSubProcessorView[], stores: { id: string; subProcessorId: string | null }[]): Map<string, DataStoreFlag[]> {
    const flags = new Map<string, DataStoreFlag[]>();
    for (const store of stores) {
      if (!store.subProcessorId) continue;
      const link = links.find((l) => l.subProcessorId === store.subProcessorId);
      if (!link) flags.set(store.id, [{ code: 'sub_processor_not_announced', message: 'this sub-processor was never announced for this agreement', subProcessorId: store.subProcessorId }]);
      else if (link.blocked) flags.set(store.id, [{ code: 'sub_processor_blocked', message: link.blocked, subProcessorId: link.subProcessorId, status: link.status }]);
    }
    return flags;
  }

  /**
   * A breach at a sub-processor that may not be used for an affected controller's
   * agreement at the moment of awareness: flagged, never refused.
   */
  async blockedFor(
    manager: EntityManager,
    subProcessorId: string,
    controllerIds: string[],
    at: Date,
  ): Promise<{ agreementId: string; controllerId: string; status: SubProcessorLinkStatus; message: string }[]> {
    if (controllerIds.length === 0) return [];
    const rows = await manager.query<LinkRow[]>(
      `SELECT ${LINK_COLUMNS}
         FROM sub_processor_agreements l JOIN processing_agreements a ON a.id = l.agreement_id
        WHERE l.sub_processor_id = $1 AND a.controller_id = ANY($2::uuid[])
        ORDER BY a.controller_id, l.agreement_id`,
      [subProcessorId, controllerIds],
    );
    return rows.flatMap((row) => {
      const message = blockedBecause({ status: row.status, announcement: row.announcement, endedAt: row.ended_at }, at);
      return message ? [{ agreementId: row.agreement_id, controllerId: row.controller_id, status: row.status, message }] : [];
    });
  }

  /** The agreements each of these sub-processors is linked to and not ended for, by sub-processor id, by reference. */
  async agreementsUsing(subProcessorIds: string[]): Promise<Map<string, AgreementUsingView[]>> {
    const rows = subProcessorIds.length
      ? await this.dataSource.query<{ sub_processor_id: string; agreement_id: string; reference: string; controller_name: string; status: SubProcessorLinkStatus }[]>(
          `SELECT l.sub_processor_id, l.agreement_id, a.reference, c.name AS controller_name, l.status
             FROM sub_processor_agreements l
             JOIN processing_agreements a ON a.id = l.agreement_id
             JOIN data_controllers c ON c.id = a.controller_id
            WHERE l.sub_processor_id = ANY($1::uuid[]) AND l.ended_at IS NULL
            ORDER BY a.reference, l.id`,
          [subProcessorIds],
        )
      : [];
    const using = new Map<string, AgreementUsingView[]>();
    for (const r of rows)
      using.set(r.sub_processor_id, [...(using.get(r.sub_processor_id) ?? []), { agreementId: r.agreement_id, reference: r.reference, controllerName: r.controller_name, status: r.status }]);
    return using;
  }

  /** The dashboard's feed of objections: open ones (the link still objected) or all, oldest first. */
  async objections(query: ListObjectionsQuery): Promise<Page<OpenObjectionView>> {
    const qb = this.dataSource.getRepository(SubProcessorAgreement).createQueryBuilder('l').where('l.objected_at IS NOT NULL');
    if (query.open === 'true') qb.andWhere(`l.status = 'objected'`);
    if (query.open === 'false') qb.andWhere(`l.status <> 'objected'`);
    if (query.subProcessorId) qb.andWhere('l.sub_processor_id = :subProcessorId', { subProcessorId: query.subProcessorId });
    if (query.agreementId) qb.andWhere('l.agreement_id = :agreementId', { agreementId: query.agreementId });
    if (query.controllerId) qb.andWhere('EXISTS (SELECT 1 FROM processing_agreements a WHERE a.id = l.agreement_id AND a.controller_id = :controllerId)', { controllerId: query.controllerId });
    const page = await paginate(qb, query, OLDEST_OBJECTION_FIRST);
    const ids = page.items.map((l) => l.id);
    const names = ids.length
      ? await this.dataSource.query<{ id: string; sub_processor_name: string; reference: string; controller_id: string; controller_name: string }[]>(
          `SELECT l.id, s.name AS sub_processor_name, a.reference, a.controller_id, c.name AS controller_name
             FROM sub_processor_agreements l
             JOIN sub_processors s ON s.id = l.sub_processor_id
             JOIN processing_agreements a ON a.id = l.agreement_id
             JOIN data_controllers c ON c.id = a.controller_id
            WHERE l.id = ANY($1::uuid[])`,
          [ids],
        )
      : [];
    const byId = new Map(names.map((n) => [n.id, n]));
    return mapPage(page, (l) => {
      const n = byId.get(l.id)!;
      return {
        linkId: l.id,
        subProcessorId: l.subProcessorId,
        subProcessorName: n.sub_processor_name,
        agreementId: l.agreementId,
        agreementReference: n.reference,
        controllerId: n.controller_id,
        controllerName: n.controller_name,
        announcement: l.announcement,
        announcedAt: l.announcedAt,
        status: l.status,
        objection: objectionView(l.objectedAt!, l.objectionReason, l.objectionResolution, l.objectionResolvedAt, l.objectionResolutionNote),
      };
    });
  }

  /** The current clock of each kind per link: the one opened last (a change opens a new one). */
  async clocks(manager: EntityManager, linkIds: string[]): Promise<Map<string, { objection?: Deadline; approval?: Deadline }>> {
    const found = linkIds.length ? await this.deadlines.find({ subjectType: LINK_SUBJECT, subjectIds: linkIds }, { manager }) : [];
    const latest = new Map<string, { objection?: Deadline; approval?: Deadline }>();
    for (const deadline of [...found].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
      const entry = latest.get(deadline.subjectId) ?? {};
      if (deadline.kind === OBJECTION_WINDOW) entry.objection = deadline;
      if (deadline.kind === APPROVAL_REQUEST) entry.approval = deadline;
      latest.set(deadline.subjectId, entry);
    }
    return latest;
  }

  private async views(manager: EntityManager, rows: LinkRow[], now: Date): Promise<LinkView[]> {
    const clocks = await this.clocks(
      manager,
      rows.map((r) => r.id),
    );
    return rows.map((row) => ({
      id: row.id,
      subProcessorId: row.sub_processor_id,
      agreementId: row.agreement_id,
      controllerId: row.controller_id,
      status: row.status,
      announcement: row.announcement,
      announcedAt: row.announced_at,
      replacesSubProcessorId: row.replaces_sub_processor_id,
      previousTerms: row.previous_terms,
      decidedAt: row.decided_at,
      decisionNote: row.decision_note,
      objectionDueAt: clocks.get(row.id)?.objection?.dueAt ?? null,
      approvalDueAt: clocks.get(row.id)?.approval?.dueAt ?? null,
      objection: row.objected_at ? objectionView(row.objected_at, row.objection_reason, row.objection_resolution, row.objection_resolved_at, row.objection_resolution_note) : null,
      endedAt: row.ended_at,
      blocked: blockedBecause({ status: row.status, announcement: row.announcement, endedAt: row.ended_at }, now),
    }));
  }
}

function objectionView(objectedAt: Date, reason: string | null, resolution: ObjectionResolution | null, resolvedAt: Date | null, resolutionNote: string | null): ObjectionView {
  return { objectedAt, reason, resolution, resolvedAt, resolutionNote };
}
