import { ApiProperty } from '@nestjs/swagger';
import { ApiId, ApiInstant, ApiText, ApiTexts } from '../common/api-docs.decorator';
import { ErasureMethod } from './agreement-data-store.entity';
import { AgreementGap, GAP_KEYS } from './agreement-gaps';
import {
  AGREEMENT_STATUSES,
  AgreementStatus,
  END_OF_CONTRACT_ACTIONS,
  EndOfContractAction,
  ObligationChecklist,
  SUB_PROCESSOR_AUTHORIZATIONS,
  SubProcessorAuthorization,
} from './processing-agreement.entity';

export class ObligationView {
  @ApiProperty() covered: boolean;
  @ApiText({ nullable: true, description: 'where the agreement covers it' }) clauseRef: string | null;
}

/** Art. 28(3)(a)–(h), every letter present. */
export class ObligationChecklistView {
  @ApiProperty({ type: ObligationView }) a: ObligationView;
  @ApiProperty({ type: ObligationView }) b: ObligationView;
  @ApiProperty({ type: ObligationView }) c: ObligationView;
  @ApiProperty({ type: ObligationView }) d: ObligationView;
  @ApiProperty({ type: ObligationView }) e: ObligationView;
  @ApiProperty({ type: ObligationView }) f: ObligationView;
  @ApiProperty({ type: ObligationView }) g: ObligationView;
  @ApiProperty({ type: ObligationView }) h: ObligationView;
}

export class AgreementGapView {
  @ApiText({ enum: GAP_KEYS, description: 'a letter of Art. 28(3) or a required particular' }) obligation: AgreementGap['obligation'];
  @ApiText() description: string;
}

export class EndOfContractView {
  @ApiText({ enum: END_OF_CONTRACT_ACTIONS }) action: EndOfContractAction;
  @ApiProperty({ type: 'integer' }) withinDays: number;
}

/** A processor agreement as the API answers it. */
export class AgreementView {
  @ApiId() id: string;
  @ApiId() controllerId: string;
  @ApiId() processorId: string;
  @ApiText() reference: string;
  @ApiText({ enum: AGREEMENT_STATUSES, description: 'derived from the dates' }) status: AgreementStatus;
  @ApiText({ nullable: true }) subjectMatter: string | null;
  @ApiText({ nullable: true }) natureOfProcessing: string | null;
  @ApiInstant() effectiveFrom: Date;
  @ApiInstant({ nullable: true }) endsAt: Date | null;
  @ApiProperty({ type: 'integer' }) breachNotificationHours: number;
  @ApiTexts() purposes: string[];
  @ApiTexts() dataCategories: string[];
  @ApiTexts() dataSubjectCategories: string[];
  @ApiTexts() specialCategories: string[];
  @ApiText({ enum: SUB_PROCESSOR_AUTHORIZATIONS }) subProcessorAuthorization: SubProcessorAuthorization;
  @ApiProperty({ type: 'integer', nullable: true }) objectionPeriodDays: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) dataSubjectRequestForwardingHours: number | null;
  @ApiProperty({ type: EndOfContractView }) endOfContract: EndOfContractView;
  @ApiProperty({ type: ObligationChecklistView }) obligations: Required<ObligationChecklist>;
  @ApiProperty({ type: [AgreementGapView] }) gaps: AgreementGapView[];
  @ApiInstant({ nullable: true }) terminatedAt: Date | null;
  @ApiInstant({ nullable: true }) terminationEffectiveAt: Date | null;
  @ApiText({ nullable: true }) terminationReason: string | null;
  @ApiInstant() createdAt: Date;
  @ApiInstant() updatedAt: Date;
}

export class ErasureView {
  @ApiText({ enum: ['webhook', 'manual'] }) method: ErasureMethod;
  @ApiText({ nullable: true }) url: string | null;
}

export class DataStoreFlagView {
  @ApiText() code: string;
  @ApiText() message: string;
}

/** A data store the agreement's data lives in; its signing secret is never answered. */
export class DataStoreView {
  @ApiId() id: string;
  @ApiText() name: string;
  @ApiId({ nullable: true }) subProcessorId: string | null;
  @ApiProperty({ type: ErasureView }) erasure: ErasureView;
  @ApiProperty({ type: [DataStoreFlagView], description: 'what is wrong with the store, with details per code' }) flags: DataStoreFlagView[];
}

/** One agreement with its data stores and the sections other modules add to it. */
export class AgreementDetailView extends AgreementView {
  @ApiProperty({ type: [DataStoreView] }) dataStores: DataStoreView[];
  // sub-processors/ adds this section through AgreementDetails; this module may not name its type.
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: "the agreement's sub-processors and their authorisation" })
  subProcessors: unknown[];
}

export class PortfolioAgreementView {
  @ApiId() id: string;
  @ApiText() reference: string;
  @ApiId() controllerId: string;
  @ApiText() controllerName: string;
  @ApiText({ enum: AGREEMENT_STATUSES }) status: AgreementStatus;
}

export class PortfolioGapView {
  @ApiText({ enum: GAP_KEYS }) obligation: AgreementGap['obligation'];
  @ApiText() description: string;
  @ApiProperty({ type: 'integer' }) count: number;
  @ApiProperty({ type: [PortfolioAgreementView] }) agreements: PortfolioAgreementView[];
}

/** The portfolio's Art. 28(3) gaps: per obligation, how many agreements miss it and which. */
export class GapPortfolioView {
  @ApiProperty({ type: 'integer' }) agreementsChecked: number;
  @ApiProperty({ type: 'integer' }) agreementsWithGaps: number;
  @ApiProperty({ type: [PortfolioGapView], description: 'every obligation and particular, in the order of Art. 28(3)' }) gaps: PortfolioGapView[];
}
