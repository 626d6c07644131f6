import { adequacyDecisionFor } from '../common/adequacy-decisions';
import { SubProcessorTerms } from './sub-processor-agreement.entity';
import { SubProcessor } from './sub-processor.entity';
import { assessTransfer, describeSafeguard, TransferBasis } from './transfer-basis';

export type SubProcessorView = ReturnType<typeof subProcessorView>;

export function subProcessorView(row: SubProcessor) {
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
function transferBasisIssue(row: SubProcessor): { field: string; message: string } | null {
  const verdict = assessTransfer(row.country, basisOf(row));
  return verdict.ok ? null : { field: verdict.field, message: verdict.reason };
}

function adequacyDecisionView(country: string): { reference: string; adoptedOn: string; scope: string | null } | null {
  const decision = adequacyDecisionFor(country);
  return decision ? { reference: decision.reference, adoptedOn: decision.adoptedOn, scope: decision.scope ?? null } : null;
}
