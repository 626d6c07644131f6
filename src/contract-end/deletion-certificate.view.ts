import { ApiProperty } from '@nestjs/swagger';
import { ApiId, ApiInstant, ApiText } from '../common/api-docs.decorator';
import { Language } from '../common/language';
import { AGREEMENT_STATUSES, AgreementStatus, END_OF_CONTRACT_ACTIONS } from '../agreements/processing-agreement.entity';
import { DataExportView } from './data-export.service';
import { DeletionCertificate, KeptCategoryName } from './deletion-certificate.service';
import { DeletionConfirmationView } from './deletion-confirmation.view';
import { DeletionTaskView } from './deletion-tasks.query';

// `implements` holds these classes to the certificate the service builds; where a field is a union
// the class cannot state, it takes the service's type and the decorator describes it.
type Certificate = DeletionCertificate;
type Party = Certificate['controller'];
type Deletion = Certificate['deletion'];
type Declaration = Certificate['declaration'];
type Verification = Certificate['verification'];

export class CertificateEndOfContractView {
  @ApiText({ enum: END_OF_CONTRACT_ACTIONS }) action: Certificate['agreement']['endOfContract']['action'];
  @ApiProperty({ type: 'integer' }) withinDays: number;
}

export class CertificateAgreementView implements Omit<Certificate['agreement'], 'endedBy' | 'endOfContract'> {
  @ApiId() id: string;
  @ApiText() reference: string;
  @ApiText({ enum: AGREEMENT_STATUSES }) status: AgreementStatus;
  @ApiInstant() effectiveFrom: Date;
  @ApiInstant({ nullable: true }) endsAt: Date | null;
  @ApiInstant({ nullable: true }) terminatedAt: Date | null;
  @ApiInstant({ nullable: true }) terminationEffectiveAt: Date | null;
  @ApiText({ nullable: true }) terminationReason: string | null;
  @ApiInstant({ nullable: true }) endedAt: Date | null;
  @ApiText({ nullable: true, enum: ['termination', 'end_date'] }) endedBy: Certificate['agreement']['endedBy'];
  @ApiProperty({ type: CertificateEndOfContractView }) endOfContract: Certificate['agreement']['endOfContract'];
}

export class CertificatePartyView implements Party {
  @ApiId() id: string;
  @ApiText() name: string;
  @ApiText({ description: 'ISO 3166-1 alpha-2' }) country: string;
  @ApiText({ nullable: true }) kvkNumber: string | null;
}

export class CertificateDeletionView implements Deletion {
  @ApiInstant({ nullable: true }) startsAt: Date | null;
  @ApiInstant({ nullable: true }) dueAt: Date | null;
  @ApiText({ nullable: true }) deadlineStatus: string | null;
  @ApiInstant({ nullable: true }) completedAt: Date | null;
  @ApiProperty({ type: Boolean, nullable: true }) late: boolean | null;
  @ApiText({ nullable: true }) lateReason: string | null;
}

/** What keeps the certificate a draft. */
export class CertificateOutstandingView {
  @ApiText({ enum: ['contract_not_ended', 'store_not_confirmed', 'return_not_recorded', 'no_store_confirmation'] }) kind: string;
  @ApiId({ description: 'the deletion task, for a store not confirmed or a return not recorded' }) taskId?: string;
  @ApiText({ description: 'the data store it concerns' }) dataStore?: string;
}

export class CertificateDataExportView implements DataExportView {
  @ApiId() id: string;
  @ApiInstant() createdAt: Date;
  @ApiText({ description: 'its row, downloadable at GET /agreements/:id/data-export' }) location: string;
  @ApiText() mediaType: string;
  @ApiProperty({ type: 'integer' }) byteSize: number;
  @ApiText() sha256: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'records per kind' }) recordCounts: Record<string, number>;
  @ApiInstant({ nullable: true }) contentPurgedAt: Date | null;
}

export class CertificatePersonView {
  @ApiText() name: string;
  @ApiText({ nullable: true }) function: string | null;
}

export class CertificateDeclarationView implements Declaration {
  @ApiText({ nullable: true, format: 'date', description: 'the Amsterdam date the deletion was complete; null in a draft' }) date: string | null;
  @ApiProperty({ type: [CertificatePersonView] }) confirmedBy: CertificatePersonView[];
}

/** Records kept after the contract ended, why and until when. */
export class CertificateKeptView {
  @ApiText({ enum: ['invoice', 'contact', 'data_export'] }) category: KeptCategoryName;
  @ApiProperty({ type: 'integer' }) records: number;
  @ApiInstant({ nullable: true, description: 'the first instant none is kept any more; null when open-ended' }) keptUntil: Date | null;
  @ApiText({ nullable: true, format: 'date', description: 'the last Amsterdam day they are kept, inclusive' }) keptThrough: string | null;
  @ApiText({ nullable: true, enum: ['legal_hold', 'live_agreement'] }) openEndedBecause: Certificate['kept'][number]['openEndedBecause'];
  @ApiText() period: string;
  @ApiText() action: string;
  @ApiText() legalBasis: string;
  @ApiProperty({ type: [String], format: 'uuid' }) legalHoldIds: string[];
  @ApiText() reason: string;
  @ApiText() keptUntilText: string;
}

export class CertificateVerificationInfoView implements Verification {
  @ApiText({ enum: ['sha256'] }) algorithm: 'sha256';
  @ApiText() hash: string;
  @ApiText({ description: 'what the hash covers' }) covers: string;
  @ApiText() verifyPath: string;
}

/** The vernietigingsverklaring as JSON: the facts, the statement in one language, and the hash that verifies them. */
export class DeletionCertificateView implements Certificate {
  @ApiText({ enum: ['draft', 'final'] }) status: Certificate['status'];
  @ApiProperty() complete: boolean;
  @ApiProperty({ type: CertificateAgreementView }) agreement: Certificate['agreement'];
  @ApiProperty({ type: CertificatePartyView }) controller: CertificatePartyView;
  @ApiProperty({ type: CertificatePartyView }) processor: CertificatePartyView;
  @ApiProperty({ type: CertificateDeletionView }) deletion: CertificateDeletionView;
  @ApiProperty({ type: [CertificateOutstandingView] }) outstanding: Certificate['outstanding'];
  @ApiProperty({ type: CertificateDataExportView, nullable: true }) dataExport: CertificateDataExportView | null;
  @ApiProperty({ type: [DeletionTaskView] }) dataStores: DeletionTaskView[];
  @ApiProperty({ type: DeletionConfirmationView, nullable: true }) deletionConfirmation: DeletionConfirmationView | null;
  @ApiProperty({ type: CertificateDeclarationView }) declaration: CertificateDeclarationView;
  @ApiProperty({ type: [CertificateKeptView] }) kept: Certificate['kept'];
  @ApiInstant() issuedAt: Date;
  @ApiText({ enum: ['nl', 'en'] }) language: Language;
  @ApiText() title: string;
  @ApiText() statement: string;
  @ApiProperty({ type: CertificateVerificationInfoView }) verification: CertificateVerificationInfoView;
}
