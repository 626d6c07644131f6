import { AgreementJson, controllerEntry, ControllerRow, transferEntry, TransferJson } from './record-content';

const agreement = (over: Partial<AgreementJson> = {}): AgreementJson => ({
  id: 'a1',
  reference: 'VO-1',
  effectiveFrom: '2024-01-01T00:00:00+00:00',
  endsAt: null,
  terminationEffectiveAt: null,
  purposes: ['hosting'],
  dataCategories: ['naam'],
  dataSubjectCategories: ['klanten'],
  specialCategories: [],
  ...over,
});

const transfer = (over: Partial<TransferJson> = {}): TransferJson => ({
  subProcessorId: 's1',
  name: 'Cloud Inc',
  service: 'opslag',
  country: 'US',
  mechanism: 'adequacy',
  dpfCertified: true,
  dpfCheckedAt: '2026-01-05T09:00:00+00:00',
  sccModule: null,
  sccVersion: null,
  derogationJustification: null,
  agreementReferences: ['VO-1'],
  ...over,
});

const row = (over: Partial<ControllerRow> = {}): ControllerRow => ({
  id: 'c1',
  name: 'Bakkerij',
  country: 'NL',
  kvk_number: null,
  contact_email: 'info@bakkerij.example',
  dpo_name: 'Jan',
  dpo_email: null,
  agreements: [agreement()],
  transfers: [],
  ...over,
});

describe('the record’s content (Art. 30(2))', () => {
  it('gives the categories of processing as the union over the agreements, each value once, in Dutch order', () => {
    const entry = controllerEntry(
      row({
        agreements: [
          agreement({ purposes: ['webwinkel', 'e-mail'], dataCategories: ['naam', 'e-mailadres'], specialCategories: ['gezondheid'] }),
          agreement({ id: 'a2', reference: 'VO-2', purposes: ['e-mail', 'back-up'], dataCategories: ['Ééntje', 'naam'], dataSubjectCategories: ['medewerkers'] }),
        ],
      }),
      'nl',
    );
    expect(entry.processing).toEqual({
      purposes: ['back-up', 'e-mail', 'webwinkel'],
      dataCategories: ['e-mailadres', 'Ééntje', 'naam'],
      dataSubjectCategories: ['klanten', 'medewerkers'],
      specialCategories: ['gezondheid'],
    });
    expect(entry.agreements.map((a) => a.reference)).toEqual(['VO-1', 'VO-2']);
    expect(entry.dpo).toEqual({ name: 'Jan', email: null });
  });

  it('ends an agreement at its end date or when its termination takes effect, whichever comes first', () => {
    const [a] = controllerEntry(row({ agreements: [agreement({ endsAt: '2027-01-01T00:00:00+00:00', terminationEffectiveAt: '2026-07-01T00:00:00+00:00' })] }), 'nl').agreements;
    expect(a.endsAt).toEqual(new Date('2026-07-01T00:00:00Z'));
    expect(a.effectiveFrom).toEqual(new Date('2024-01-01T00:00:00Z'));
  });

  it.each<[string, Partial<TransferJson>, string, string]>([
    [
      'adequacy for a DPF-certified US organisation',
      {},
      'adequaatheidsbesluit (art. 45 AVG): Commission Implementing Decision (EU) 2023/1795 (EU–US Data Privacy Framework); gecertificeerd onder het EU-VS Data Privacy Framework, gecontroleerd op 05-01-2026',
      'adequacy decision (Art. 45 GDPR): Commission Implementing Decision (EU) 2023/1795 (EU–US Data Privacy Framework); certified under the EU–US Data Privacy Framework, checked on 05-01-2026',
    ],
    [
      'SCCs',
      { country: 'IN', mechanism: 'scc', dpfCertified: null, dpfCheckedAt: null, sccModule: 3, sccVersion: '2021/914' },
      'standaardcontractbepalingen (art. 46 lid 2 onder c AVG), Uitvoeringsbesluit (EU) 2021/914, module 3',
      'standard contractual clauses (Art. 46(2)(c) GDPR), Implementing Decision (EU) 2021/914, module 3',
    ],
    ['BCRs', { country: 'SG', mechanism: 'bcr', dpfCertified: null, dpfCheckedAt: null }, 'bindende bedrijfsvoorschriften (art. 47 AVG)', 'binding corporate rules (Art. 47 GDPR)'],
    [
      'a derogation',
      { country: 'ZA', mechanism: 'derogation', dpfCertified: null, dpfCheckedAt: null, derogationJustification: 'art. 49(1)(b)' },
      'afwijking voor een specifieke situatie (art. 49 AVG): art. 49(1)(b)',
      'derogation for a specific situation (Art. 49 GDPR): art. 49(1)(b)',
    ],
  ])('describes %s in both languages, with nothing missing', (_case, over, dutch, english) => {
    const nl = transferEntry(transfer(over), 'nl');
    expect(nl.safeguard.issue).toBeNull();
    expect(nl.safeguard.description).toBe(dutch);
    expect(transferEntry(transfer(over), 'en').safeguard.description).toBe(english);
  });

  it('names the adequacy decision relied on, with its scope', () => {
    expect(transferEntry(transfer({ country: 'CA', dpfCertified: null, dpfCheckedAt: null }), 'en')).toMatchObject({
      countryName: 'Canada',
      safeguard: { adequacyDecision: { reference: 'Commission Decision 2002/2/EC', adoptedOn: '2001-12-20', scope: expect.stringContaining('PIPEDA') }, issue: null },
    });
  });

  it('shows a safeguard the transfer rule does not accept as incomplete, saying why', () => {
    const none = transferEntry(transfer({ country: 'CN', mechanism: null, dpfCertified: null, dpfCheckedAt: null }), 'en');
    expect(none.safeguard.issue).toMatch(/outside the EEA/);
    expect(none.safeguard.description).toMatch(/^no transfer mechanism documented — INCOMPLETE: /);
    const uncertified = transferEntry(transfer({ dpfCertified: null, dpfCheckedAt: null }), 'nl');
    expect(uncertified.safeguard.issue).toMatch(/Data Privacy Framework/);
    expect(uncertified.safeguard.description).toMatch(/ — ONVOLLEDIG: /);
  });
});
