import { adequacyDecisionFor } from '../common/adequacy-decisions';
import { isInEea } from '../common/countries';
import type { TransferMechanism } from './sub-processor.entity';

/** The SCCs a transfer may rest on today: the 2010 and 2004 sets could no longer be relied on after 27 December 2022. */
export const SCC_VERSION = '2021/914';
/** The four modules of the 2021 SCCs: controller→controller, controller→processor, processor→processor, processor→controller. */
export const SCC_MODULES = [1, 2, 3, 4] as const;

export interface TransferBasis {
  mechanism: TransferMechanism | null;
  dpfCertified: boolean | null;
  dpfCheckedAt: Date | null;
  sccModule: number | null;
  sccVersion: string | null;
  derogationJustification: string | null;
}

/** The facts that back a mechanism up; each belongs to one mechanism only. */
export type TransferDetail = Exclude<keyof TransferBasis, 'mechanism'>;
export const TRANSFER_DETAILS: readonly TransferDetail[] = ['dpfCertified', 'dpfCheckedAt', 'sccModule', 'sccVersion', 'derogationJustification'];

export type TransferVerdict = { ok: true } | { ok: false; field: 'transferMechanism' | TransferDetail; reason: string };

const refuse = (field: 'transferMechanism' | TransferDetail, reason: string): TransferVerdict => ({ ok: false, field, reason });

/** Which details the basis needs for a sub-processor in `country`; any other detail says something that is not so. */
export function transferDetailsFor(country: string, mechanism: TransferMechanism | null): readonly TransferDetail[] {
  if (mechanism === null || isInEea(country)) return [];
  switch (mechanism) {
    case 'adequacy':
      return adequacyDecisionFor(country)?.onlyCertifiedOrganisations ? ['dpfCertified', 'dpfCheckedAt'] : [];
    case 'scc':
      return ['sccModule', 'sccVersion'];
    case 'derogation':
      return ['derogationJustification'];
    case 'bcr':
      return [];
  }
}

/**
 * Whether a sub-processor in `country` rests on a true Chapter V basis. Inside the EEA
 * nothing is transferred, so no mechanism is named. Outside it: an adequacy decision only
 * where the Commission adopted one (Art. 45), for the United States only for an
 * organisation certified under the Data Privacy Framework on a known date; SCCs with their
 * module and the 2021 version (Art. 46(2)(c)); a derogation only with the reason it
 * applies, as Art. 49 covers occasional transfers; BCRs as they are (Art. 47).
 */
export function assessTransfer(country: string, basis: TransferBasis): TransferVerdict {
  const { mechanism } = basis;
  if (isInEea(country)) {
    if (mechanism !== null) return refuse('transferMechanism', `${country} lies in the EEA: nothing is transferred, so name no transferMechanism`);
  } else if (mechanism === null) {
    return refuse('transferMechanism', `${country} lies outside the EEA: name the transferMechanism (adequacy, scc, bcr or derogation)`);
  }
  const missing = mechanism === null ? null : missingDetail(country, mechanism, basis);
  if (missing) return missing;
  const needed = transferDetailsFor(country, mechanism);
  const stray = TRANSFER_DETAILS.find((detail) => basis[detail] !== null && !needed.includes(detail));
  if (stray) return refuse(stray, `${stray} does not apply to ${mechanism === null ? 'a sub-processor inside the EEA' : `transferMechanism ${mechanism} in ${country}`}`);
  return { ok: true };
}

function missingDetail(country: string, mechanism: TransferMechanism, basis: TransferBasis): TransferVerdict | null {
  switch (mechanism) {
    case 'adequacy': {
      const decision = adequacyDecisionFor(country);
      if (!decision) return refuse('transferMechanism', `${country} has no EU adequacy decision: use scc, bcr or, for an occasional transfer, derogation`);
      if (!decision.onlyCertifiedOrganisations) return null;
      if (basis.dpfCertified !== true) {
        return refuse(
          'dpfCertified',
          `adequacy for ${country} covers only organisations certified under the EU–US Data Privacy Framework (${decision.reference}): set dpfCertified to true, or use scc or bcr`,
        );
      }
      if (basis.dpfCheckedAt === null) return refuse('dpfCheckedAt', 'say when the Data Privacy Framework List was checked for this organisation (dpfCheckedAt)');
      return null;
    }
    case 'scc':
      if (basis.sccModule === null) return refuse('sccModule', 'name the module of the standard contractual clauses (sccModule 1–4; 3 for processor to processor)');
      if (!(SCC_MODULES as readonly number[]).includes(basis.sccModule)) return refuse('sccModule', 'sccModule must be 1, 2, 3 or 4');
      if (basis.sccVersion !== SCC_VERSION) return refuse('sccVersion', `only the standard contractual clauses of Decision (EU) ${SCC_VERSION} are valid: sccVersion must be "${SCC_VERSION}"`);
      return null;
    case 'derogation':
      if (!basis.derogationJustification?.trim()) {
        return refuse('derogationJustification', 'an Art. 49 derogation covers occasional transfers only: say which derogation applies and why (derogationJustification)');
      }
      return null;
    case 'bcr':
      return null;
  }
}

/**
 * The basis after an update: what the request sets (null clears), the rest as it was —
 * except what the new country or mechanism no longer uses, which is dropped rather than
 * left to say something untrue (the SCC module of a sub-processor that now relies on
 * BCRs; the mechanism of one that moved into the EEA). Whatever the request sets itself
 * is kept, so `assessTransfer` can name it if it does not fit.
 */
export function revisedTransferBasis(current: TransferBasis, country: string, changes: Partial<TransferBasis>): TransferBasis {
  const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<TransferBasis>;
  const merged: TransferBasis = { ...current, ...set };
  if (changes.mechanism === undefined && isInEea(country)) merged.mechanism = null;
  const needed = transferDetailsFor(country, merged.mechanism);
  for (const detail of TRANSFER_DETAILS) if (changes[detail] === undefined && !needed.includes(detail)) merged[detail] = null;
  return merged;
}

/** For a controller's notice: the Chapter V safeguard a sub-processor in `country` rests on, in words. */
export function describeSafeguard(country: string, basis: TransferBasis): string {
  if (isInEea(country)) return 'none needed: processed inside the EEA';
  switch (basis.mechanism) {
    case null:
      return 'none recorded';
    case 'adequacy': {
      const decision = adequacyDecisionFor(country);
      const reference = decision ? `adequacy decision (${decision.reference})` : 'adequacy decision';
      return decision?.onlyCertifiedOrganisations ? `${reference}, certified under the EU–US Data Privacy Framework` : reference;
    }
    case 'scc':
      return [`standard contractual clauses ${basis.sccVersion ?? ''}`.trim(), basis.sccModule ? `module ${basis.sccModule}` : null].filter(Boolean).join(', ');
    case 'bcr':
      return 'binding corporate rules';
    case 'derogation':
      return basis.derogationJustification ? `Art. 49 derogation: ${basis.derogationJustification}` : 'Art. 49 derogation';
  }
}
