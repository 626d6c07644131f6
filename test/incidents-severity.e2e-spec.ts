import { incidentBody, seedProcessor, severityFactsBody } from './factories';
import { startTestApp, TestApp } from './utils/test-app';

jest.setTimeout(30_000);

describe('incidents: the severity assessment and decisions that depart from it', () => {
  let t: TestApp;
  let processorId: string;
  let officer: string;
  let auditor: string;

  beforeAll(async () => {
    t = await startTestApp({ workers: false });
    processorId = await seedProcessor(t.dataSource);
    officer = await t.keyFor('officer');
    auditor = await t.keyFor('auditor');
  });

  afterAll(async () => {
    await t?.close();
  });

  /** A breach of the organisation's own data: the AP and data-subject duties are its own. */
  async function reportOwnBreach(title: string): Promise<string> {
    const res = await t
      .as(officer)
      .post('/api/v1/incidents')
      .send(incidentBody({ processorId, role: 'controller', affectedControllerIds: [], title }));
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  const assessments = async (incidentId: string) => Number((await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM incident_severity_assessments WHERE incident_id = $1', [incidentId]))[0].n);

  it('with facts partly known, lists what is missing and leans towards notifying; GET shows the latest, history is kept', async () => {
    const id = await reportOwnBreach('Ransomware on the file server');
    const partly = await t
      .as(officer)
      .put(`/api/v1/incidents/${id}/severity-assessment`)
      .send({ dataTypes: ['simple'], identifiability: 'maximum', availability: 'temporary', maliciousIntent: true, backupAvailable: true, restoredWithin: 'PT5H' });
    expect(partly.status).toBe(200);
    expect(partly.body).toMatchObject({
      version: 1,
      assessedBy: expect.any(String),
      missing: ['confidentiality', 'integrity', 'unintelligible', 'exfiltration', 'approxDataSubjects', 'vulnerableSubjects'],
      severity: {
        formula: 'SE = DPC × EI + CB',
        // Unknown: confidentiality lost to unknown recipients, integrity unrecoverable. 1 × 1 + 0.5 + 0.5 + 0.25 + 0.5.
        score: 2.75,
        level: 'medium',
        terms: {
          dpc: { value: 1, assumed: false },
          ei: { value: 1, assumed: false },
          cb: { confidentiality: { value: 0.5, assumed: true }, integrity: { value: 0.5, assumed: true }, availability: { value: 0.25, assumed: false }, maliciousIntent: { value: 0.5 } },
        },
      },
      recommendation: { riskLevel: 'risk', provisional: true, documentOnly: false, notifyAuthority: { recommended: true }, informDataSubjects: { recommended: false } },
    });
    expect(partly.body.recommendation.notifyAuthority.reasons).toEqual(
      expect.arrayContaining([expect.objectContaining({ article: 'Art. 33(1)' }), expect.objectContaining({ text: expect.stringMatching(/still unknown: confidentiality/) })]),
    );

    // The forensic report is in: nothing taken, nothing altered; restored from backup (EDPB 01/2021 case 1).
    const known = await t
      .as(officer)
      .put(`/api/v1/incidents/${id}/severity-assessment`)
      .send({
        dataTypes: ['simple'],
        identifiability: 'maximum',
        confidentiality: 'none',
        integrity: 'none',
        availability: 'temporary',
        maliciousIntent: true,
        unintelligible: false,
        backupAvailable: true,
        restoredWithin: 'PT5H',
        exfiltration: 'no',
        approxDataSubjects: { min: 80, max: 120 },
        vulnerableSubjects: [],
      });
    expect(known.status).toBe(200);
    expect(known.body).toMatchObject({ version: 2, missing: [], severity: { score: 1.75, level: 'low' }, recommendation: { riskLevel: 'none', provisional: false, documentOnly: true } });

    const incident = await t.as(auditor).get(`/api/v1/incidents/${id}`);
    expect(incident.status).toBe(200);
    expect(incident.body.severityAssessment).toEqual(known.body);
    expect(incident.body.timeline.filter((u: { type: string }) => u.type === 'severity_assessment').map((u: { changes: { version: number } }) => u.changes.version)).toEqual([1, 2]);
    expect(await assessments(id)).toBe(2);
    const audit = await t.as(auditor).get(`/api/v1/audit-log?entityType=incident&entityId=${id}`);
    expect(audit.body.items.filter((e: { action: string }) => e.action === 'incident.severity_assessed')).toHaveLength(2);
  });

  it('requires a departureReason where the decision does less than recommended, and keeps it in the register (JSON and CSV)', async () => {
    const id = await reportOwnBreach('Customer list sent to a wrong address');
    // Sensitive data to a recipient not yet known to have deleted them: notify both, for now.
    const rec = await t
      .as(officer)
      .put(`/api/v1/incidents/${id}/severity-assessment`)
      .send(severityFactsBody({ dataTypes: ['sensitive'], recipientTrusted: true }));
    expect(rec.body).toMatchObject({ missing: ['recipientConfirmedDeletion'], recommendation: { notifyAuthority: { recommended: true }, informDataSubjects: { recommended: true } } });

    const decide = (body: Record<string, unknown>) => t.as(officer).post(`/api/v1/incidents/${id}/risk-assessment`).send(body);
    const none = { riskLevel: 'none', reasoning: 'the recipient is our own accountant', noAuthorityNotificationReason: 'unlikely to result in a risk: a trusted recipient' };
    const refused = await decide(none);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ field: 'departureReason', message: expect.stringMatching(/notify the AP .*inform the data subjects/) }]);
    expect((await t.as(auditor).get(`/api/v1/incidents/${id}`)).body).toMatchObject({ riskLevel: null, departureReason: null });

    const belowHigh = await decide({ riskLevel: 'risk', reasoning: 'the AP is told; the people are not, yet' });
    expect(belowHigh.status).toBe(422);
    expect(belowHigh.body.errors[0].field).toBe('departureReason');

    // A high risk with an Art. 34(3) ground does what the law allows: no departure, so no reason is taken.
    const exempt = await decide({
      riskLevel: 'high',
      reasoning: 'diagnoses in the list',
      dataSubjectExemption: { ground: 'mitigated', justification: 'the accountant deleted it under professional secrecy' },
      departureReason: 'not a departure at all',
    });
    expect(exempt.status).toBe(422);
    expect(exempt.body.errors[0].field).toBe('departureReason');

    const reason = 'our accountant is bound to professional secrecy and confirmed deletion by phone; written confirmation follows';
    const departed = await decide({ ...none, departureReason: reason });
    expect(departed.status).toBe(200);
    expect(departed.body.departureReason).toBe(reason);
    const entry = departed.body.timeline.find((u: { type: string }) => u.type === 'risk_assessment');
    expect(entry.changes.departsFrom).toMatchObject({ assessmentId: rec.body.id, version: 1, departures: [expect.stringMatching(/notify the AP/), expect.stringMatching(/inform the data subjects/)] });

    const register = await t.as(auditor).get(`/api/v1/incidents?status=open&limit=100`);
    expect(register.body.items.find((i: { id: string }) => i.id === id)).toMatchObject({ riskLevel: 'none', departureReason: reason });
    const csv = await t.as(auditor).get('/api/v1/incidents/export.csv');
    const [header, ...rows] = csv.text.trim().split('\r\n');
    const column = header.split(',').indexOf('departureReason');
    expect(column).toBeGreaterThan(-1);
    expect(rows.find((r) => r.startsWith(id))).toContain(`,${reason},`);

    // Once the deletion is confirmed the recommendation is to document only: none no longer departs.
    await t
      .as(officer)
      .put(`/api/v1/incidents/${id}/severity-assessment`)
      .send(severityFactsBody({ dataTypes: ['sensitive'], recipientTrusted: true, recipientConfirmedDeletion: true }))
      .expect(200);
    const agreed = await decide(none);
    expect(agreed.status).toBe(200);
    expect(agreed.body.departureReason).toBeNull();
  });

  it('refuses bad facts with the field named, and writes nothing', async () => {
    const id = await reportOwnBreach('Laptop stolen from a car');
    const put = (body: Record<string, unknown>) => t.as(officer).put(`/api/v1/incidents/${id}/severity-assessment`).send(body);
    const cases: { body: Record<string, unknown>; status: number; field: string }[] = [
      { body: { confidentiality: 'everyone' }, status: 400, field: 'confidentiality' },
      { body: { dataTypes: ['medical'] }, status: 400, field: 'dataTypes' },
      { body: { identifiability: 1 }, status: 400, field: 'identifiability' },
      { body: { contextAdjustment: 2, contextAdjustmentReason: 'a year of location data' }, status: 400, field: 'contextAdjustment' },
      { body: { contextAdjustment: 0.5, contextAdjustmentReason: 'half a step' }, status: 400, field: 'contextAdjustment' },
      { body: { contextAdjustment: 1 }, status: 422, field: 'contextAdjustmentReason' },
      { body: { restoredWithin: 'P1M' }, status: 400, field: 'restoredWithin' },
      { body: { restoredWithin: 'PT' }, status: 400, field: 'restoredWithin' },
      { body: { approxDataSubjects: { min: 10, max: 5 } }, status: 422, field: 'approxDataSubjects.max' },
      { body: { approxDataSubjects: { min: -1, max: 5 } }, status: 400, field: 'approxDataSubjects.min' },
      { body: { exfiltration: 'yes', confidentiality: 'none' }, status: 422, field: 'confidentiality' },
      { body: { severity: 'low' }, status: 400, field: 'severity' },
    ];
    for (const { body, status, field } of cases) {
      const res = await put(body);
      expect({ body, status: res.status, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ body, status, fields: expect.arrayContaining([field]) });
    }
    expect(await assessments(id)).toBe(0);
  });

  it('is the officer’s to record: an auditor may not, an unknown incident is 404', async () => {
    const id = await reportOwnBreach('USB stick lost');
    expect((await t.as(auditor).put(`/api/v1/incidents/${id}/severity-assessment`).send(severityFactsBody())).status).toBe(403);
    expect((await t.as(officer).put('/api/v1/incidents/00000000-0000-4000-8000-000000000000/severity-assessment').send(severityFactsBody())).status).toBe(404);
    expect(await assessments(id)).toBe(0);
  });
});
