import { adequacyDecisionFor } from '../common/adequacy-decisions';
import { SubProcessorTerms } from './sub-processor-agreement.entity';
import { ApiProperty } from '@nestjs/swagger';
import { ApiId, ApiInstant, ApiText } from '../common/api-docs.decorator';
import { LinkView } from './sub-processor-links.query';
import { SubProcessor, TRANSFER_MECHANISMS, TransferMechanism } from './sub-processor.entity';
import { assessTransfer, describeSafeguard, TransferBasis } from './transfer-basis';

export class AdequacyDecisionView {
  @ApiText({ description: "the Commission's decision" }) reference: string;
  @ApiText({ format: 'date' }) adoptedOn: string;
  @ApiText({ nullable: true }) scope: string | null;
}

export class TransferBasisIssueView {
  @ApiText() field: string;
  @ApiText() message: string;
}

/** A sub-processor as the API answers it. */
export class SubProcessorView {
  @ApiId() id: string;
  @ApiId() processorId: string;
  @ApiText() name: string;
  @ApiText() service: string;
  @ApiText({ example: 'DE', description: 'ISO 3166-1 alpha-2' }) country: string;
  @ApiText({ nullable: true, enum: TRANSFER_MECHANISMS }) transferMechanism: TransferMechanism | null;
  @ApiProperty({ type: Boolean, nullable: true }) dpfCertified: boolean | null;
  @ApiInstant({ nullable: true }) dpfCheckedAt: Date | null;
  @ApiProperty({ type: 'integer', nullable: true }) sccModule: number | null;
  @ApiText({ nullable: true }) sccVersion: string | null;
  @ApiText({ nullable: true }) derogationJustification: string | null;
  @ApiProperty({ type: AdequacyDecisionView, nullable: true }) adequacyDecision: AdequacyDecisionView | null;
  @ApiProperty({ type: TransferBasisIssueView, nullable: true, description: 'null for a true basis; otherwise what a row written before the rule tightened lacks' })
  transferBasisIssue: TransferBasisIssueView | null;
  @ApiInstant({ nullable: true }) endedAt: Date | null;
  @ApiInstant() createdAt: Date;
  @ApiInstant() updatedAt: Date;
}

/** A sub-processor with the agreements it is announced for. */
export class SubProcessorDetailView extends SubProcessorView {
  @ApiProperty({ type: [LinkView] }) agreements: LinkView[];
}

export function subProcessorView(row: SubProcessor): SubProcessorView {
  return {
    id: row.id,
    processorId: row.processorId,
    name: row.name,
    service: row.service,
    country: row.country,
    transferMechanism: row.transferMechanism,
    dpfCertified: row.dpfCertified,
    dpfCheckedAt: row.dpfCheckedAt,
    sccModule: row.sccModule,
    sccVersion: row.sccVersion,
    derogationJustification: row.derogationJustification,
    adequacyDecision: row.transferMechanism === 'adequacy' ? adequacyDecisionView(row.country) : null,
    transferBasisIssue: transferBasisIssue(row),
    endedAt: row.endedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function basisOf(row: SubProcessor): TransferBasis {
  return {
    mechanism: row.transferMechanism,
    dpfCertified: row.dpfCertified,
    dpfCheckedAt: row.dpfCheckedAt,
    sccModule: row.sccModule,
    sccVersion: row.sccVersion,
    derogationJustification: row.derogationJustification,
  };
}

export function termsOf(row: SubProcessor): SubProcessorTerms {
  return { country: row.country, service: row.service, transferMechanism: row.transferMechanism };
}

/** The sub-processor as a controller's notice names it. */
export function noticeParty(row: SubProcessor) {
  return { id: row.id, name: row.name, service: row.service, country: row.country, transferMechanism: row.transferMechanism, safeguard: describeSafeguard(row.country, basisOf(row)) };
}

/** Null for a true basis; otherwise what a row written before the rule tightened lacks, as the next update will ask. */
function transferBasisIssue(row: SubProcessor): TransferBasisIssueView | null {
  const verdict = assessTransfer(row.country, basisOf(row));
  return verdict.ok ? null : { field: verdict.field, message: verdict.reason };
}

function adequacyDecisionView(country: string): AdequacyDecisionView | null {
  const decision = adequacyDecisionFor(country);
  return decision ? { reference: decision.reference, adoptedOn: decision.adoptedOn, scope: decision.scope ?? null } : null;
}
