import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AgreementDetails } from '../agreements/agreement-details.registry';
import { UnitOfWork } from '../audit/unit-of-work';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { DomainEvents } from '../common/domain-events';
import { mapPage, Page, paginate } from '../common/pagination';
import { missingReference, ruleBroken } from '../common/problem';
import { assertNotInFuture } from '../common/instant';
import { DeadlineKinds } from '../deadlines/deadline-kinds';
import { Processor } from '../processors/processor.entity';
import { CreateSubProcessorDto } from './dto/create-sub-processor.dto';
import { AnnounceDto } from './dto/link-decisions.dto';
import { ListSubProcessorsQuery } from './dto/list-sub-processors.query';
import { describeSubProcessorLinkDeadlines } from './sub-processor-deadlines.query';
import { TransferBasisDto } from './dto/transfer-basis.dto';
import { UpdateSubProcessorDto } from './dto/update-sub-processor.dto';
import { findOrFail, SubProcessorLinksService } from './sub-processor-links.service';
import { APPROVAL_REQUEST, LINK_SUBJECT, OBJECTION_WINDOW, SubProcessorLinksQuery } from './sub-processor-links.query';
import { SubProcessor } from './sub-processor.entity';
import { SUB_PROCESSOR_EVENTS } from './sub-processors.events';
import { basisOf, SubProcessorDetailView, SubProcessorView, subProcessorView, termsOf } from './sub-processor.view';
import { assessTransfer, revisedTransferBasis, TransferBasis } from './transfer-basis';

@Injectable()
export class SubProcessorsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly links: SubProcessorLinksService,
    private readonly query: SubProcessorLinksQuery,
    private readonly kinds: DeadlineKinds,
    private readonly events: DomainEvents,
    private readonly agreementDetails: AgreementDetails,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.kinds.register(
      // The controller may object until the window closes (Art. 28(2)); a window that closes quietly authorises.
      {
        kind: OBJECTION_WINDOW,
        subjectType: LINK_SUBJECT,
        concerns: 'controller',
        onDue: (change, deadline) => this.links.closeObjectionWindow(change, deadline),
        describe: describeSubProcessorLinkDeadlines,
      },
      // Specific authorisation: approval asked by a date; unanswered, it is missed and escalated like any clock, and the sub-processor stays unused.
      { kind: APPROVAL_REQUEST, subjectType: LINK_SUBJECT, concerns: 'controller', describe: describeSubProcessorLinkDeadlines },
    );
    this.events.declare(...SUB_PROCESSOR_EVENTS);
    this.agreementDetails.add({
      key: 'subProcessors',
      read: async (manager, { agreementId, dataStores, now }) => {
        const section = await this.query.ofAgreement(manager, agreementId, now);
        return { section, dataStoreFlags: this.query.dataStoreFlags(section, dataStores) };
      },
    });
    this.agreementDetails.useDataStoreCheck((manager, processorId, ids) => this.links.wrongForProcessor(manager, processorId, ids));
  }

  async create(dto: CreateSubProcessorDto, actor: Actor): Promise<SubProcessorDetailView> {
    const basis = revisedTransferBasis(NO_TRANSFER, dto.country, basisChanges(dto));
    assertTransferBasis(dto.country, basis, this.clock.now());
    return this.unitOfWork.run(actor, async (change) => {
      const { manager, audit } = change;
      if (!(await manager.exists(Processor, { where: { id: dto.processorId } }))) throw missingReference('processorId', 'processor', dto.processorId);
      const row = await manager.save(
        manager.create(SubProcessor, {
          processorId: dto.processorId,
          name: dto.name,
          service: dto.service,
          country: dto.country,
          ...basisColumns(basis),
          endedAt: null,
        }),
      );
      audit({ action: 'sub_processor.created', entityType: 'sub_processor', entityId: row.id, after: subProcessorView(row) });
      await this.links.announce(change, row, dto.agreementIds ?? [], dto);
      return this.links.detail(manager, row);
    });
  }

  async list(query: ListSubProcessorsQuery): Promise<Page<SubProcessorView>> {
    const qb = this.dataSource.getRepository(SubProcessor).createQueryBuilder('s');
    if (query.processorId) qb.andWhere('s.processor_id = :processorId', { processorId: query.processorId });
    if (query.agreementId) {
      qb.andWhere('EXISTS (SELECT 1 FROM sub_processor_agreements l WHERE l.sub_processor_id = s.id AND l.agreement_id = :agreementId)', { agreementId: query.agreementId });
    }
    return mapPage(await paginate(qb, query), subProcessorView);
  }

  async get(id: string): Promise<SubProcessorDetailView> {
    return this.links.detail(this.dataSource.manager, await findOrFail(this.dataSource.manager, id));
  }

  /** Announces the sub-processor for more agreements (an "intended addition" or replacement, Art. 28(2)). */
  async announceFor(id: string, dto: AnnounceDto, actor: Actor): Promise<SubProcessorDetailView> {
    return this.unitOfWork.run(actor, async (change) => {
      const row = await findOrFail(change.manager, id, true);
      await this.links.announce(change, row, dto.agreementIds, dto);
      return this.links.detail(change.manager, row);
    });
  }

  /** A change of country, service or transfer mechanism is told to the controllers it reaches, and asked again. */
  async update(id: string, dto: UpdateSubProcessorDto, actor: Actor): Promise<SubProcessorDetailView> {
    return this.unitOfWork.run(actor, async (change) => {
      const { manager, audit } = change;
      const row = await findOrFail(manager, id, true);
      const before = subProcessorView(row);
      const terms = termsOf(row);
      const country = dto.country ?? row.country;
      const basis = revisedTransferBasis(basisOf(row), country, basisChanges(dto));
      assertTransferBasis(country, basis, this.clock.now());
      manager.merge(SubProcessor, row, { name: dto.name, service: dto.service, country, ...basisColumns(basis) });
      const saved = await manager.save(row);
      audit({ action: 'sub_processor.updated', entityType: 'sub_processor', entityId: id, before, after: subProcessorView(saved) });
      await this.links.changed(change, saved, terms, dto.approvalDueAt);
      return this.links.detail(manager, saved);
    });
  }
}

const NO_TRANSFER: TransferBasis = { mechanism: null, dpfCertified: null, dpfCheckedAt: null, sccModule: null, sccVersion: null, derogationJustification: null };

/** Chapter V: a true basis for the country, checked on a date that has come. */
function assertTransferBasis(country: string, basis: TransferBasis, now: Date): void {
  const verdict = assessTransfer(country, basis);
  if (!verdict.ok) throw ruleBroken(verdict.reason, verdict.field);
  assertNotInFuture('dpfCheckedAt', basis.dpfCheckedAt, now);
}

/** What a request says about the basis: undefined where it is silent, null where it clears. */
function basisChanges(dto: TransferBasisDto): Partial<TransferBasis> {
  return {
    mechanism: dto.transferMechanism,
    dpfCertified: dto.dpfCertified,
    dpfCheckedAt: dto.dpfCheckedAt == null ? dto.dpfCheckedAt : new Date(dto.dpfCheckedAt),
    sccModule: dto.sccModule,
    sccVersion: dto.sccVersion,
    derogationJustification: dto.derogationJustification,
  };
}

function basisColumns({ mechanism, ...details }: TransferBasis): Pick<SubProcessor, 'transferMechanism' | keyof typeof details> {
  return { transferMechanism: mechanism, ...details };
}
