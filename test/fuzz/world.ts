import { randomUUID } from 'node:crypto';
import { agreementBody, controllerBody, incidentBody, processorBody, severityFactsBody, subProcessorBody } from '../factories';
import { CONTACT, INVOICE, nextInvoiceNumber } from '../factories/defaults';
import type { TestApp } from '../utils/test-app';
import { pathParameters, Route, routeName } from './openapi-routes';

type Body = Record<string, unknown>;

/** The records a route's path can name; each is made through the API, as a client would. */
type Kind =
  | 'processor'
  | 'controller'
  | 'contact'
  | 'invoice'
  | 'agreement'
  | 'endedAgreement'
  | 'storelessEndedAgreement'
  | 'subProcessor'
  | 'incident'
  | 'webhook'
  | 'legalHold'
  | 'retentionRun'
  | 'deletionTask'
  | 'dataSubjectRequest'
  | 'apiKey'
  | 'calendarFeed';

/** The first segment after /api/v1 names what `{id}` is. */
const KIND_OF_COLLECTION: Record<string, Kind> = {
  processors: 'processor',
  controllers: 'controller',
  agreements: 'agreement',
  'sub-processors': 'subProcessor',
  incidents: 'incident',
  webhooks: 'webhook',
  'legal-holds': 'legalHold',
  retention: 'retentionRun',
  'deletion-tasks': 'deletionTask',
  'data-subject-requests': 'dataSubjectRequest',
  'api-keys': 'apiKey',
  'calendar-feeds': 'calendarFeed',
};

const KIND_OF_PARAMETER: Record<string, Kind> = { contactId: 'contact', invoiceId: 'invoice', deadlineId: 'incident' };

/** Routes about the end of a contract need one that has ended; a person confirms erasure only where no store does. */
const AGREEMENT_KIND_OF_ROUTE: Record<string, Kind> = {
  '/api/v1/agreements/{id}/deletion-certificate': 'endedAgreement',
  '/api/v1/agreements/{id}/deletion-certificate/verify': 'endedAgreement',
  '/api/v1/agreements/{id}/data-export': 'endedAgreement',
  '/api/v1/agreements/{id}/deletion-confirmation': 'storelessEndedAgreement',
};

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/**
 * One of each record the API's paths name, with real ids, so a mutated request reaches
 * validation and the service instead of stopping at a 404; and a valid body for each
 * write route, which the fuzzer then mutates. A route that changed its record (an
 * accepted terminate, close, delete) gets a fresh one.
 */
export class FuzzWorld {
  private readonly ids = new Map<Kind, string>();
  /** The parties every other record relates to; never renewed, so their agreements stay in force. */
  private homeProcessorId = '';
  private homeControllerId = '';
  private deadlineId = '';
  private generalAgreementId = '';
  private specificAgreementId = '';
  /** Retention categories, read from the API. */
  categories: string[] = [];
  /** The policy of the first category as the API gave it: a valid PUT for it. */
  private policy: Body = {};

  private constructor(private readonly t: TestApp) {}

  static async create(t: TestApp): Promise<FuzzWorld> {
    const world = new FuzzWorld(t);
    world.homeProcessorId = await world.post('processors', processorBody());
    world.homeControllerId = await world.post('controllers', controllerBody());
    world.generalAgreementId = await world.post('agreements', agreementBody({ controllerId: world.homeControllerId, processorId: world.homeProcessorId }));
    world.specificAgreementId = await world.post('agreements', agreementBody({ controllerId: world.homeControllerId, processorId: world.homeProcessorId, subProcessorAuthorization: 'specific' }));
    world.ids.set('processor', world.homeProcessorId);
    world.ids.set('controller', world.homeControllerId);
    for (const kind of [
      'contact',
      'invoice',
      'agreement',
      'storelessEndedAgreement',
      'subProcessor',
      'incident',
      'webhook',
      'legalHold',
      'retentionRun',
      'deletionTask',
      'dataSubjectRequest',
      'apiKey',
      'calendarFeed',
    ] as const)
      await world.renew(kind);
    const policies = await t.as().get('/api/v1/retention-policies');
    const list = policies.body as { category: string; period: string; anchor: string; action: string; legalBasis: string }[];
    world.categories = list.map((p) => p.category);
    world.policy = { period: list[0].period, anchor: list[0].anchor, action: list[0].action, legalBasis: list[0].legalBasis };
    return world;
  }

  id(kind: Kind): string {
    const id = this.ids.get(kind);
    if (!id) throw new Error(`no ${kind} in the fuzz world`);
    return id;
  }

  /** Every real id, for mutations that put a real id where another kind is expected. */
  allIds(): string[] {
    return [...this.ids.values(), this.homeProcessorId, this.homeControllerId, this.deadlineId, this.generalAgreementId, this.specificAgreementId];
  }

  /** Real values for the route's path parameters; a random uuid where the path names a record this world does not know. */
  pathValues(route: Route): Record<string, string> {
    return Object.fromEntries(pathParameters(route).map((name) => [name, this.pathValue(route, name)]));
  }

  private pathValue(route: Route, name: string): string {
    if (name === 'category') return this.categories[0] ?? 'invoice';
    if (name === 'deadlineId') return this.deadlineId;
    // Contacts and invoices belong to the home controller.
    if (name === 'id' && /^\/api\/v1\/controllers\/\{id\}\/./.test(route.path)) return this.homeControllerId;
    const kind = this.kindOf(route, name);
    return kind ? this.id(kind) : randomUUID();
  }

  private kindOf(route: Route, name: string): Kind | undefined {
    if (name !== 'id') return KIND_OF_PARAMETER[name];
    if (AGREEMENT_KIND_OF_ROUTE[route.path]) return AGREEMENT_KIND_OF_ROUTE[route.path];
    const collection = /^\/api\/v1\/([^/]+)/.exec(route.path)?.[1];
    return collection ? KIND_OF_COLLECTION[collection] : undefined;
  }

  /** After an accepted write: the record its path names last may have moved on (terminated, closed, deleted), so make a new one. */
  async renewAfter(route: Route): Promise<void> {
    const last = pathParameters(route).pop();
    const kind = last && this.kindOf(route, last);
    if (kind) await this.renew(kind);
  }

  /** A valid body for a write route, fresh each time (references and numbers are unique); undefined for routes it does not know. */
  body(route: Route): Body | undefined {
    const now = minutesAgo(1);
    const bodies: Record<string, () => Body> = {
      'POST /api/v1/api-keys': () => ({ name: 'fuzz key', role: 'auditor' }),
      'POST /api/v1/calendar-feeds': () => ({ name: 'Thunderbird', language: 'en' }),
      'POST /api/v1/webhooks': () => ({ url: 'https://hooks.example.nl/compliance', events: ['incident.created'], secret: '0123456789abcdef' }),
      'PUT /api/v1/retention-policies/{category}': () => ({ ...this.policy }),
      'POST /api/v1/legal-holds': () => ({ scope: { controllerId: this.homeControllerId }, reason: 'Litigation with client X' }),
      'POST /api/v1/legal-holds/{id}/release': () => ({ reason: 'settled' }),
      'POST /api/v1/retention/runs': () => ({ dryRun: true }),
      'POST /api/v1/processors': () => processorBody({ contactEmail: 'privacy@hosting.example', securityMeasures: ['encryption at rest'] }),
      'PATCH /api/v1/processors/{id}': () => ({ name: 'Hosting Noord BV', dpoEmail: 'fg@hosting.example' }),
      'POST /api/v1/controllers': () => controllerBody({ contactEmail: 'info@bakkerij.example' }),
      'PATCH /api/v1/controllers/{id}': () => ({ name: 'Bakkerij Jansen en Zn', kvkNumber: '87654321' }),
      'POST /api/v1/controllers/{id}/contacts': () => ({ ...CONTACT, lastActivityAt: now }),
      'PATCH /api/v1/controllers/{id}/contacts/{contactId}': () => ({ role: 'CTO', email: 'cto@bakkerij.example' }),
      'POST /api/v1/controllers/{id}/invoices': () => ({ ...INVOICE, number: nextInvoiceNumber(), issuedAt: '2025-03-31T10:00:00Z', currency: 'EUR' }),
      'PATCH /api/v1/controllers/{id}/invoices/{invoiceId}': () => ({ billingName: 'P. de Vries', amountCents: 100 }),
      'POST /api/v1/agreements': () => this.agreementBody(),
      'PATCH /api/v1/agreements/{id}': () => ({ purposes: ['hosting'], endsAt: '2030-12-31T23:00:00Z', breachNotificationHours: 24 }),
      'POST /api/v1/sub-processors': () =>
        subProcessorBody({ processorId: this.homeProcessorId, country: 'US', transferMechanism: 'scc', sccModule: 3, sccVersion: '2021/914', agreementIds: [this.generalAgreementId] }),
      'PATCH /api/v1/sub-processors/{id}': () => ({ service: 'backup storage', country: 'DE' }),
      'POST /api/v1/sub-processors/{id}/agreements': () => ({ agreementIds: [this.id('agreement')] }),
      'POST /api/v1/sub-processors/{id}/objections': () => ({ agreementId: this.generalAgreementId, reason: 'data would leave the EEA', objectedAt: new Date().toISOString() }),
      'POST /api/v1/sub-processors/{id}/approvals': () => ({ agreementId: this.specificAgreementId, decision: 'approved', note: 'by e-mail' }),
      'POST /api/v1/sub-processors/{id}/objections/resolve': () => ({ agreementId: this.generalAgreementId, resolution: 'withdrawn', note: 'the client accepted after a call' }),
      'POST /api/v1/sub-processors/{id}/end': () => ({ agreementIds: [this.generalAgreementId], note: 'moved to our own racks' }),
      'POST /api/v1/incidents': () => this.incidentBody(),
      'POST /api/v1/incidents/{id}/updates': () => ({
        note: 'more is known',
        description: 'Two mailboxes were exported.',
        approxDataSubjects: 20,
        dataSubjectsRange: { min: 10, max: 30 },
        causes: ['phishing'],
      }),
      'PUT /api/v1/incidents/{id}/severity-assessment': () => severityFactsBody({ exfiltration: 'unknown' }),
      'POST /api/v1/incidents/{id}/risk-assessment': () => ({
        riskLevel: 'high',
        reasoning: 'names and e-mail addresses of customers',
        dataSubjectExemption: { ground: 'encrypted', justification: 'the export was encrypted' },
      }),
      'POST /api/v1/incidents/{id}/notifications': () => ({ kind: 'controller_notification', controllerId: this.homeControllerId, notifiedAt: now, channel: 'e-mail', reference: 'case 1' }),
      'POST /api/v1/incidents/{id}/deadlines/{deadlineId}/cancel': () => ({ reason: 'no controller affected after all' }),
      'POST /api/v1/incidents/{id}/close': () => ({ note: 'share removed, passwords reset' }),
      'POST /api/v1/agreements/{id}/terminate': () => ({ effectiveAt: now, reason: 'contract ended' }),
      'POST /api/v1/agreements/{id}/end-of-contract-choice': () => ({ action: 'return_and_delete' }),
      'POST /api/v1/data-subject-requests': () => this.dataSubjectRequestBody(),
      'POST /api/v1/data-subject-requests/{id}/identity-requested': () => ({ requestedAt: now }),
      'POST /api/v1/data-subject-requests/{id}/identity-received': () => ({ receivedAt: now }),
      'POST /api/v1/data-subject-requests/{id}/forwarded': () => ({ forwardedAt: now, assistance: 'export offered' }),
      'POST /api/v1/data-subject-requests/{id}/extend': () => ({ reason: 'ten years of mail logs', requesterNotifiedAt: now }),
      'POST /api/v1/data-subject-requests/{id}/extension-notice': () => ({ notifiedAt: now }),
      'POST /api/v1/data-subject-requests/{id}/complete': () => ({ outcome: 'refused', reason: 'Art. 17(3)(e)', complaintInfoGiven: true, completedAt: now }),
      'POST /api/v1/deletion-tasks/{id}/confirm': () => ({ confirmedAt: now, evidence: 'volumes wiped', confirmedBy: { name: 'Fleur Bakker', function: 'FG' }, lateReason: 'the store was offline' }),
      'POST /api/v1/agreements/{id}/deletion-confirmation': () => ({
        erased: 'the webshop database and its backups',
        location: 'db-03.hosting.example',
        evidence: 'ticket OPS-2211',
        confirmedBy: { name: 'Fleur Bakker', function: 'FG' },
        confirmedAt: now,
      }),
    };
    return bodies[routeName(route)]?.();
  }

  private agreementBody(overrides: Body = {}) {
    return agreementBody({
      controllerId: this.homeControllerId,
      processorId: this.homeProcessorId,
      subjectMatter: 'hosting',
      endsAt: '2030-12-31T23:00:00Z',
      specialCategories: ['health'],
      dataStores: [{ name: 'webshop database', erasure: { method: 'manual' } }],
      obligations: { a: { covered: true, clauseRef: 'art. 2' } },
      ...overrides,
    });
  }

  private incidentBody() {
    return incidentBody({ processorId: this.homeProcessorId, affectedControllerIds: [this.homeControllerId], awareAt: minutesAgo(5), occurredAt: minutesAgo(60), approxRecords: 100 });
  }

  private dataSubjectRequestBody() {
    return { type: 'access', receivedAt: minutesAgo(10), requester: { name: 'Jan de Vries', email: 'jan@example.nl' }, role: 'controller', controllerId: this.homeControllerId };
  }

  private async renew(kind: Kind): Promise<void> {
    this.ids.set(kind, await this.make(kind));
  }

  private async make(kind: Kind): Promise<string> {
    switch (kind) {
      case 'processor':
        return this.post('processors', processorBody());
      case 'controller':
        return this.post('controllers', controllerBody());
      case 'contact':
        return this.post(`controllers/${this.homeControllerId}/contacts`, { ...CONTACT });
      case 'invoice':
        return this.post(`controllers/${this.homeControllerId}/invoices`, { ...INVOICE, number: nextInvoiceNumber(), issuedAt: '2025-03-31T10:00:00Z' });
      case 'agreement':
        return this.post('agreements', this.agreementBody());
      case 'subProcessor':
        return this.post('sub-processors', subProcessorBody({ processorId: this.homeProcessorId, agreementIds: [this.generalAgreementId, this.specificAgreementId] }));
      case 'incident': {
        const res = await this.t.as().post('/api/v1/incidents').send(this.incidentBody());
        const body = res.body as { id: string; deadlines: { id: string }[] };
        if (res.status !== 201 || !body.deadlines?.length) throw new Error(`could not report an incident: ${res.status} ${JSON.stringify(res.body)}`);
        this.deadlineId = body.deadlines[0].id;
        return body.id;
      }
      case 'webhook':
        return this.post('webhooks', { url: 'https://hooks.example.nl/compliance', events: ['*'], secret: '0123456789abcdef' });
      case 'legalHold':
        return this.post('legal-holds', { scope: { controllerId: this.homeControllerId }, reason: 'litigation' });
      case 'retentionRun':
        return this.post('retention/runs', { dryRun: true }, 202);
      case 'endedAgreement':
        return this.endedAgreement([{ name: 'webshop database', erasure: { method: 'manual' } }]);
      case 'storelessEndedAgreement':
        return this.endedAgreement([]);
      case 'deletionTask': {
        // A task of its own agreement, which the certificate routes then read.
        await this.renew('endedAgreement');
        const tasks = await this.t.as().get(`/api/v1/deletion-tasks?agreementId=${this.id('endedAgreement')}`);
        const task = (tasks.body as { items: { id: string; status: string }[] }).items[0];
        if (task?.status !== 'requested') throw new Error(`could not start a deletion: ${JSON.stringify(tasks.body)}`);
        return task.id;
      }
      case 'dataSubjectRequest':
        return this.post('data-subject-requests', this.dataSubjectRequestBody());
      case 'apiKey':
        return this.post('api-keys', { name: 'to revoke', role: 'auditor' });
      case 'calendarFeed':
        return this.post('calendar-feeds', {});
    }
  }

  /** Terminated a minute ago, so erasure has been requested from each store. */
  private async endedAgreement(dataStores: Body[]): Promise<string> {
    const id = await this.post('agreements', this.agreementBody({ endOfContract: { action: 'delete', withinDays: 30 }, dataStores }));
    const terminated = await this.t
      .as()
      .post(`/api/v1/agreements/${id}/terminate`)
      .send({ effectiveAt: minutesAgo(1) });
    if (terminated.status !== 200) throw new Error(`could not terminate: ${terminated.status} ${JSON.stringify(terminated.body)}`);
    return id;
  }

  private async post(path: string, body: Body, status = 201): Promise<string> {
    const res = await this.t.as().post(`/api/v1/${path}`).send(body);
    if (res.status !== status) throw new Error(`could not create ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as { id: string }).id;
  }
}
