import { RetentionRunsService } from '../../src/retention/retention-runs.service';
import { createAgreementRecord, createSubProcessor, seedController, seedInvoice, seedProcessor } from '../factories';
import type { TestApp } from './test-app';

/** What the dashboard's registry views show, made through the API as an officer would (with a name that must stay text). */
export interface RegistryViews {
  processorId: string;
  /** Every Art. 28(3) obligation missing, and a sub-processor its controller objected to. */
  agreementId: string;
  /** Complete, with the same sub-processor's objection period running. */
  completeAgreementId: string;
  /** Given notice: its certificate of deletion is a draft. */
  terminatedAgreementId: string;
  requestId: string;
  /** A completed sweep that erased one old invoice. */
  runId: string;
}

export async function seedRegistryViews(t: TestApp, officerKey: string, evil: string): Promise<RegistryViews> {
  const processorId = await seedProcessor(t.dataSource, { name: 'Hosting BV' });
  const controllerId = await seedController(t.dataSource, { name: `Bakkerij ${evil}` });
  const otherControllerId = await seedController(t.dataSource, { name: 'Slagerij Van Dam' });
  const api = t.as(officerKey);
  const expectStatus = (res: { status: number; body: unknown }, status: number) => {
    if (res.status !== status) throw new Error(`setup answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  };

  const agreementId = (await createAgreementRecord(t, officerKey, { controllerId, processorId, reference: `VO-${evil}` })).id;
  const covered = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((k) => [k, { covered: true, clauseRef: `art. ${k}` }]));
  const completeAgreementId = (
    await createAgreementRecord(t, officerKey, { controllerId: otherControllerId, processorId, reference: 'VO-COMPLEET', subjectMatter: 'hosting', natureOfProcessing: 'opslag', obligations: covered })
  ).id;
  const terminatedAgreementId = (await createAgreementRecord(t, officerKey, { controllerId: otherControllerId, processorId, reference: 'VO-OPGEZEGD' })).id;
  expectStatus(await api.post(`/api/v1/agreements/${terminatedAgreementId}/terminate`).send({ effectiveAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), reason: 'klant stopt' }), 200);

  // A sub-processor outside the EEA announced for both: one client objects.
  const sub = await createSubProcessor(t, officerKey, {
    processorId,
    name: `Mailfilter ${evil}`,
    service: 'spam filtering',
    country: 'US',
    transferMechanism: 'scc',
    sccModule: 3,
    sccVersion: '2021/914',
    agreementIds: [agreementId, completeAgreementId],
  });
  expectStatus(await api.post(`/api/v1/sub-processors/${sub.id}/objections`).send({ agreementId, reason: `Geen doorgifte naar de VS ${evil}` }), 201);

  const requestId = expectStatus(
    await api
      .post('/api/v1/data-subject-requests')
      .send({ type: 'access', role: 'processor', receivedAt: new Date(Date.now() - 3_600_000).toISOString(), requester: { name: `Piet ${evil}` }, agreementId }),
    201,
  ).id;

  // An invoice past its 7 years, so the sweep's ledger has an entry; a hold on the other client.
  await seedInvoice(t.dataSource, { controllerId, issuedAt: '2010-03-01T10:00:00Z' });
  expectStatus(await api.post('/api/v1/legal-holds').send({ scope: { controllerId: otherControllerId }, reason: `Rechtszaak ${evil}` }), 201);
  const runId = expectStatus(await api.post('/api/v1/retention/runs').send({}), 202).id;
  await t.app.get(RetentionRunsService).execute(runId);
  expectStatus(await api.post('/api/v1/audit-log/checkpoints').send(), 201);

  return { processorId, agreementId, completeAgreementId, terminatedAgreementId, requestId, runId };
}
