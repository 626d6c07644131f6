import { adequacyDecisionFor, AdequacyDecision } from '../common/adequacy-decisions';
import { Language } from '../common/language';
import { endOfAgreement } from '../agreements/agreement-status';
import type { TransferMechanism } from '../sub-processors/sub-processor.entity';
import { assessTransfer } from '../sub-processors/transfer-basis';
import { recordTexts } from './record-texts';

/**
 * The Art. 30(2) record's content, built from rows as the registry holds them: what the
 * processor is and how to reach it and its DPO (a), each controller with its contact and
 * DPO and the categories of processing carried out for it (a, b), transfers to third
 * countries with their safeguards (c), and the security measures in general terms (d).
 * Nothing here is typed twice: every fact comes from the processor, controller, agreement
 * or sub-processor it belongs to.
 */

/** Which agreements the record covers: those in force at an instant (now), or at any moment of a period [from, to). */
export type RecordScope = { at: Date } | { from: Date; to: Date };

export interface Dpo {
  name: string | null;
  email: string | null;
}

export interface ProcessorRow {
  id: string;
  name: string;
  country: string;
  kvk_number: string | null;
  contact_email: string | null;
  dpo_name: string | null;
  dpo_email: string | null;
  security_measures: string[];
}

export interface ProcessorEntry {
  id: string;
  name: string;
  country: string;
  kvkNumber: string | null;
  contactEmail: string | null;
  dpo: Dpo;
}

export interface RecordSection {
  processor: ProcessorEntry;
  /** Art. 32(1) measures in general terms, as the processor states them. */
  securityMeasures: string[];
}

/** One agreement as the query aggregates it per controller (json_build_object: instants as text). */
export interface AgreementJson {
  id: string;
  reference: string;
  effectiveFrom: string;
  endsAt: string | null;
  terminationEffectiveAt: string | null;
  purposes: string[];
  dataCategories: string[];
  dataSubjectCategories: string[];
  specialCategories: string[];
}

/** One third-country sub-processor authorised for some of the controller's agreements. */
export interface TransferJson {
  subProcessorId: string;
  name: string;
  service: string;
  country: string;
  mechanism: TransferMechanism | null;
  dpfCertified: boolean | null;
  dpfCheckedAt: string | null;
  sccModule: number | null;
  sccVersion: string | null;
  derogationJustification: string | null;
  agreementReferences: string[];
}

export interface ControllerRow {
  id: string;
  name: string;
  country: string;
  kvk_number: string | null;
  contact_email: string | null;
  dpo_name: string | null;
  dpo_email: string | null;
  agreements: AgreementJson[];
  transfers: TransferJson[];
}

export interface Safeguard {
  mechanism: TransferMechanism | null;
  /** The safeguard in words, in the record's language. */
  description: string;
  adequacyDecision: Pick<AdequacyDecision, 'reference' | 'adoptedOn' | 'scope'> | null;
  sccModule: number | null;
  sccVersion: string | null;
  dpfCertified: boolean | null;
  dpfCheckedAt: Date | null;
  derogationJustification: string | null;
  /** What the transfer-basis rule finds missing (a row written before the rule, or one without a mechanism); null when it holds. */
  issue: string | null;
}

export interface TransferEntry {
  subProcessor: { id: string; name: string; service: string };
  country: string;
  countryName: string;
  agreementReferences: string[];
  safeguard: Safeguard;
}

export interface ControllerEntry {
  id: string;
  name: string;
  country: string;
  kvkNumber: string | null;
  contactEmail: string | null;
  dpo: Dpo;
  agreements: { id: string; reference: string; effectiveFrom: Date; endsAt: Date | null }[];
  /** Art. 30(2)(b): the categories of processing, the union over the agreements the record covers. */
  processing: { purposes: string[]; dataCategories: string[]; dataSubjectCategories: string[]; specialCategories: string[] };
  transfers: TransferEntry[];
}

export function sectionOf(row: ProcessorRow): RecordSection {
  return {
    processor: {
      id: row.id,
      name: row.name,
      country: row.country,
      kvkNumber: row.kvk_number,
      contactEmail: row.contact_email,
      dpo: { name: row.dpo_name, email: row.dpo_email },
    },
    securityMeasures: row.security_measures,
  };
}

/** One collator for every comparison: `localeCompare(b, 'nl')` builds one per call, which costs more than the record itself. */
const DUTCH_ORDER = new Intl.Collator('nl');

/** Each value once, in a stable order, whatever agreements repeat it. */
function union(lists: string[][]): string[] {
  return [...new Set(lists.flat())].sort(DUTCH_ORDER.compare);
}

export function controllerEntry(row: ControllerRow, language: Language): ControllerEntry {
  const agreements = row.agreements;
  return {
    id: row.id,
    name: row.name,
    country: row.country,
    kvkNumber: row.kvk_number,
    contactEmail: row.contact_email,
    dpo: { name: row.dpo_name, email: row.dpo_email },
    agreements: agreements.map((a) => ({
      id: a.id,
      reference: a.reference,
      effectiveFrom: new Date(a.effectiveFrom),
      endsAt: endOfAgreement({ endsAt: a.endsAt === null ? null : new Date(a.endsAt), terminationEffectiveAt: a.terminationEffectiveAt === null ? null : new Date(a.terminationEffectiveAt) }),
    })),
    processing: {
      purposes: union(agreements.map((a) => a.purposes)),
      dataCategories: union(agreements.map((a) => a.dataCategories)),
      dataSubjectCategories: union(agreements.map((a) => a.dataSubjectCategories)),
      specialCategories: union(agreements.map((a) => a.specialCategories)),
    },
    transfers: row.transfers.map((t) => transferEntry(t, language)),
  };
}

export function transferEntry(t: TransferJson, language: Language): TransferEntry {
  const texts = recordTexts(language);
  const dpfCheckedAt = t.dpfCheckedAt === null ? null : new Date(t.dpfCheckedAt);
  const decision = t.mechanism === 'adequacy' ? adequacyDecisionFor(t.country) : undefined;
  const verdict = assessTransfer(t.country, {
    mechanism: t.mechanism,
    dpfCertified: t.dpfCertified,
    dpfCheckedAt,
    sccModule: t.sccModule,
    sccVersion: t.sccVersion,
    derogationJustification: t.derogationJustification,
  });
  const safeguard: Omit<Safeguard, 'description'> = {
    mechanism: t.mechanism,
    adequacyDecision: decision ? { reference: decision.reference, adoptedOn: decision.adoptedOn, ...(decision.scope ? { scope: decision.scope } : {}) } : null,
    sccModule: t.sccModule,
    sccVersion: t.sccVersion,
    dpfCertified: t.dpfCertified,
    dpfCheckedAt,
    derogationJustification: t.derogationJustification,
    issue: verdict.ok ? null : verdict.reason,
  };
  return {
    subProcessor: { id: t.subProcessorId, name: t.name, service: t.service },
    country: t.country,
    countryName: texts.countryName(t.country),
    agreementReferences: t.agreementReferences,
    safeguard: { ...safeguard, description: texts.safeguard(safeguard) },
  };
}
