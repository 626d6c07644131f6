import type { TestApp } from '../utils/test-app';
import { AGREEMENT, CONTROLLER, INCIDENT, nextReference, OBJECTION_PERIOD_DAYS, PROCESSOR, SUB_PROCESSOR } from './defaults';

/**
 * Request bodies for the HTTP API, valid as they come; overrides replace or add fields,
 * and an override of `undefined` leaves a field out of the JSON.
 */

type Body = Record<string, unknown>;

export function processorBody(overrides: Body = {}): Body {
  return { ...PROCESSOR, ...overrides };
}

export function controllerBody(overrides: Body = {}): Body {
  return { ...CONTROLLER, ...overrides };
}

export function subProcessorBody(overrides: { processorId: unknown } & Body): Body {
  return { ...SUB_PROCESSOR, ...overrides };
}

export function agreementBody<T extends { controllerId: unknown; processorId: unknown } & Body>(overrides: T) {
  const authorization = overrides.subProcessorAuthorization ?? AGREEMENT.subProcessorAuthorization;
  return {
    reference: nextReference(),
    ...AGREEMENT,
    ...(authorization === 'general' ? { objectionPeriodDays: OBJECTION_PERIOD_DAYS } : {}),
    ...overrides,
  };
}

/** awareAt is a minute before the real clock: tests on a FakeClock give their own. */
export function incidentBody<T extends { processorId: unknown; affectedControllerIds: unknown } & Body>(overrides: T) {
  return { ...INCIDENT, awareAt: new Date(Date.now() - 60_000).toISOString(), ...overrides };
}

/** Fails at once on anything but 201, so a broken setup is not mistaken for the behaviour under test. */
async function createRecord<T extends { id: string }>(t: TestApp, key: string, path: string, body: Body): Promise<T> {
  const res = await t.as(key).post(`/api/v1/${path}`).send(body);
  if (res.status !== 201) throw new Error(`could not create ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

async function create(t: TestApp, key: string, path: string, body: Body): Promise<string> {
  return (await createRecord(t, key, path, body)).id;
}

export function createProcessor(t: TestApp, key: string, overrides: Body = {}): Promise<string> {
  return create(t, key, 'processors', processorBody(overrides));
}

export function createController(t: TestApp, key: string, overrides: Body = {}): Promise<string> {
  return create(t, key, 'controllers', controllerBody(overrides));
}

export function createAgreement(t: TestApp, key: string, overrides: { controllerId: string; processorId: string } & Body): Promise<string> {
  return create(t, key, 'agreements', agreementBody(overrides));
}

export interface CreatedAgreement {
  id: string;
  reference: string;
  status: string;
  dataStores: { id: string; name: string }[];
}

/** The agreement as the API answered its creation. */
export function createAgreementRecord(t: TestApp, key: string, overrides: { controllerId: string; processorId: string } & Body): Promise<CreatedAgreement> {
  return createRecord(t, key, 'agreements', agreementBody(overrides));
}

export interface CreatedSubProcessor {
  id: string;
  name: string;
  agreements: { id: string; agreementId: string; controllerId: string; status: string; objectionDueAt: string | null; approvalDueAt: string | null }[];
}

/** A sub-processor of `processorId`, announced for `agreementIds` when given, as the API answered its creation. */
export function createSubProcessor(t: TestApp, key: string, overrides: { processorId: string } & Body): Promise<CreatedSubProcessor> {
  return createRecord(t, key, 'sub-processors', subProcessorBody(overrides));
}

/**
 * Severity facts with every one known: invoices e-mailed to one wrong, untrusted customer
 * (EDPB 01/2021 case 13), which needs no notification. Overrides make it something else.
 */
export function severityFactsBody(overrides: Body = {}): Body {
  return {
    dataTypes: ['simple'],
    identifiability: 'maximum',
    confidentiality: 'known_recipients',
    integrity: 'none',
    availability: 'none',
    maliciousIntent: false,
    unintelligible: false,
    recipientTrusted: false,
    approxDataSubjects: { min: 2, max: 2 },
    vulnerableSubjects: [],
    ...overrides,
  };
}

/** Every fact the AP's meldformulier asks beyond the report's own, for a report or an update. */
export function authorityFormFactsBody(overrides: Body = {}): Body {
  return {
    occurredAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
    endedAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
    approxDataSubjects: 1300,
    dataSubjectsRange: { min: 1200, max: 1500 },
    approxRecords: 4000,
    recordsRange: { min: 3000, max: 5000 },
    dataOperations: ['reading', 'copying'],
    causes: ['phishing', 'hacking'],
    detection: 'The mail filter flagged a login from an unknown country.',
    personalDataKinds: ['name', 'email', 'bsn'],
    dataSubjectGroups: ['customers', 'employees'],
    dataEncrypted: false,
    crossBorder: true,
    crossBorderCountries: ['BE', 'DE'],
    otherAuthoritiesNotified: ['Politie (aangifte)'],
    expectedHarm: ['material', 'non_material'],
    likelyConsequences: 'Targeted phishing and identity fraud.',
    measuresTaken: 'Passwords reset, sessions revoked.',
    measuresPlanned: 'Two-factor login for every mailbox.',
    ...overrides,
  };
}
