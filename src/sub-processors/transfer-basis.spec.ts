import fc from 'fast-check';
import { getAlpha2Codes } from 'i18n-iso-countries';
import { ADEQUACY_DECISIONS, adequacyDecisionFor } from '../common/adequacy-decisions';
import { EEA_COUNTRIES } from '../common/countries';
import { TRANSFER_MECHANISMS } from './sub-processor.entity';
import { assessTransfer, describeSafeguard, TransferBasis, transferDetailsFor } from './transfer-basis';

const NONE: TransferBasis = { mechanism: null, dpfCertified: null, dpfCheckedAt: null, sccModule: null, sccVersion: null, derogationJustification: null };
const CHECKED = new Date('2026-02-01T10:00:00Z');
const basis = (overrides: Partial<TransferBasis>): TransferBasis => ({ ...NONE, ...overrides });
const field = (country: string, overrides: Partial<TransferBasis>) => {
  const verdict = assessTransfer(country, basis(overrides));
  return verdict.ok ? 'ok' : verdict.field;
};

const ADEQUATE = ['AD', 'AR', 'BR', 'CA', 'CH', 'FO', 'GB', 'GG', 'IL', 'IM', 'JE', 'JP', 'KR', 'NZ', 'UY'];

describe('the adequacy decisions', () => {
  it('lists exactly the countries the Commission found adequate, each with its reference and date', () => {
    expect(ADEQUACY_DECISIONS.map((d) => d.country).sort()).toEqual([...ADEQUATE, 'US'].sort());
    for (const decision of ADEQUACY_DECISIONS) {
      expect(Object.keys(getAlpha2Codes())).toContain(decision.country);
      expect(EEA_COUNTRIES.has(decision.country)).toBe(false);
      expect(decision.reference).toMatch(/Decision .*\d{4}\/\d+/);
      expect(new Date(`${decision.adoptedOn}T00:00:00Z`).toISOString().slice(0, 10)).toBe(decision.adoptedOn);
    }
    expect(adequacyDecisionFor('br')).toMatchObject({ reference: 'Commission Implementing Decision (EU) 2026/179', adoptedOn: '2026-01-26' });
    expect(adequacyDecisionFor('CA')?.scope).toMatch(/commercial organisations/);
    expect(adequacyDecisionFor('US')).toMatchObject({ onlyCertifiedOrganisations: true });
    expect(adequacyDecisionFor('IN')).toBeUndefined();
  });
});

describe('assessTransfer', () => {
  it.each(ADEQUATE)('accepts adequacy for %s, which has a decision, and asks nothing more', (country) => {
    expect(field(country, { mechanism: 'adequacy' })).toBe('ok');
    expect(transferDetailsFor(country, 'adequacy')).toEqual([]);
  });

  it.each<[string, string, Partial<TransferBasis>, string]>([
    ['inside the EEA, no mechanism', 'NL', {}, 'ok'],
    ['inside the EEA, a mechanism says a transfer that is not one', 'NO', { mechanism: 'adequacy' }, 'transferMechanism'],
    ['inside the EEA, SCCs are not a transfer basis', 'DE', { mechanism: 'scc', sccModule: 3, sccVersion: '2021/914' }, 'transferMechanism'],
    ['inside the EEA, a stray detail', 'NL', { sccModule: 3 }, 'sccModule'],
    ['outside the EEA, no mechanism', 'IN', {}, 'transferMechanism'],
    ['a third country without a decision', 'IN', { mechanism: 'adequacy' }, 'transferMechanism'],
    ['another one', 'CN', { mechanism: 'adequacy' }, 'transferMechanism'],
    ['the US without DPF certification', 'US', { mechanism: 'adequacy' }, 'dpfCertified'],
    ['the US, not certified', 'US', { mechanism: 'adequacy', dpfCertified: false, dpfCheckedAt: CHECKED }, 'dpfCertified'],
    ['the US, certified but never checked', 'US', { mechanism: 'adequacy', dpfCertified: true }, 'dpfCheckedAt'],
    ['the US, certified and checked', 'US', { mechanism: 'adequacy', dpfCertified: true, dpfCheckedAt: CHECKED }, 'ok'],
    ['DPF certification outside the US', 'GB', { mechanism: 'adequacy', dpfCertified: true, dpfCheckedAt: CHECKED }, 'dpfCertified'],
    ['DPF certification with SCCs', 'US', { mechanism: 'scc', sccModule: 3, sccVersion: '2021/914', dpfCertified: true }, 'dpfCertified'],
    ['SCCs without a module', 'US', { mechanism: 'scc', sccVersion: '2021/914' }, 'sccModule'],
    ['SCCs with module 5', 'IN', { mechanism: 'scc', sccModule: 5, sccVersion: '2021/914' }, 'sccModule'],
    ['SCCs with module 0', 'IN', { mechanism: 'scc', sccModule: 0, sccVersion: '2021/914' }, 'sccModule'],
    ['SCCs without a version', 'IN', { mechanism: 'scc', sccModule: 3 }, 'sccVersion'],
    ['the expired 2010 SCCs', 'IN', { mechanism: 'scc', sccModule: 3, sccVersion: '2010/87/EU' }, 'sccVersion'],
    ['SCCs, module 3, 2021 version', 'IN', { mechanism: 'scc', sccModule: 3, sccVersion: '2021/914' }, 'ok'],
    ['SCCs to an adequate country', 'CH', { mechanism: 'scc', sccModule: 1, sccVersion: '2021/914' }, 'ok'],
    ['SCCs with a derogation reason', 'IN', { mechanism: 'scc', sccModule: 3, sccVersion: '2021/914', derogationJustification: 'x' }, 'derogationJustification'],
    ['a derogation without a reason', 'IN', { mechanism: 'derogation' }, 'derogationJustification'],
    ['a derogation with a blank reason', 'IN', { mechanism: 'derogation', derogationJustification: '  \n' }, 'derogationJustification'],
    ['a derogation with its reason', 'IN', { mechanism: 'derogation', derogationJustification: 'Art. 49(1)(b): one-off shipment of a support dump the client asked for' }, 'ok'],
    ['a derogation with an SCC module', 'IN', { mechanism: 'derogation', derogationJustification: 'Art. 49(1)(a)', sccModule: 2 }, 'sccModule'],
    ['BCRs', 'IN', { mechanism: 'bcr' }, 'ok'],
    ['BCRs with an SCC version', 'IN', { mechanism: 'bcr', sccVersion: '2021/914' }, 'sccVersion'],
  ])('%s (%s)', (_, country, overrides, expected) => {
    expect(field(country, overrides)).toBe(expected);
  });

  it('explains a refusal: the decision missing, the framework the US decision names', () => {
    expect(assessTransfer('IN', basis({ mechanism: 'adequacy' }))).toEqual({ ok: false, field: 'transferMechanism', reason: expect.stringContaining('IN has no EU adequacy decision') as string });
    expect(assessTransfer('US', basis({ mechanism: 'adequacy' }))).toEqual({ ok: false, field: 'dpfCertified', reason: expect.stringContaining('(EU) 2023/1795') as string });
    expect(assessTransfer('US', basis({ mechanism: 'derogation' }))).toEqual({ ok: false, field: 'derogationJustification', reason: expect.stringContaining('occasional') as string });
  });

  const countries = fc.constantFrom(...Object.keys(getAlpha2Codes()));
  const anyBasis = fc.record<TransferBasis>({
    mechanism: fc.constantFrom(null, ...TRANSFER_MECHANISMS),
    dpfCertified: fc.constantFrom(null, true, false),
    dpfCheckedAt: fc.constantFrom(null, CHECKED),
    sccModule: fc.constantFrom(null, 0, 1, 2, 3, 4, 5),
    sccVersion: fc.constantFrom(null, '2021/914', '2010/87/EU'),
    derogationJustification: fc.constantFrom(null, '', 'Art. 49(1)(b)'),
  });

  it('accepts a basis only when it is a true one, and then every detail it holds is one the basis needs', () => {
    fc.assert(
      fc.property(countries, anyBasis, (country, b) => {
        if (!assessTransfer(country, b).ok) return;
        expect(b.mechanism === null).toBe(EEA_COUNTRIES.has(country));
        if (b.mechanism === 'adequacy') expect(adequacyDecisionFor(country)).toBeDefined();
        if (b.mechanism === 'adequacy' && country === 'US') expect([b.dpfCertified, b.dpfCheckedAt]).toEqual([true, CHECKED]);
        const needed = transferDetailsFor(country, b.mechanism);
        for (const [detail, value] of Object.entries(b)) if (detail !== 'mechanism' && value !== null) expect(needed).toContain(detail);
      }),
      { numRuns: 2000 },
    );
  });

  it('can always be satisfied: with the details the basis asks for filled in, any mechanism outside the EEA passes except adequacy where there is no decision', () => {
    const filled = { dpfCertified: true, dpfCheckedAt: CHECKED, sccModule: 3, sccVersion: '2021/914', derogationJustification: 'Art. 49(1)(b)' };
    fc.assert(
      fc.property(countries, fc.constantFrom(...TRANSFER_MECHANISMS), (country, mechanism) => {
        fc.pre(!EEA_COUNTRIES.has(country));
        const details = Object.fromEntries(transferDetailsFor(country, mechanism).map((d) => [d, filled[d]]));
        expect(assessTransfer(country, basis({ mechanism, ...details })).ok).toBe(mechanism !== 'adequacy' || adequacyDecisionFor(country) !== undefined);
      }),
    );
  });
});

describe('describeSafeguard', () => {
  const none: TransferBasis = { mechanism: null, dpfCertified: null, dpfCheckedAt: null, sccModule: null, sccVersion: null, derogationJustification: null };

  it('names the safeguard a controller is told of', () => {
    expect(describeSafeguard('NL', none)).toBe('none needed: processed inside the EEA');
    expect(describeSafeguard('IN', { ...none, mechanism: 'scc', sccModule: 3, sccVersion: '2021/914' })).toBe('standard contractual clauses 2021/914, module 3');
    expect(describeSafeguard('GB', { ...none, mechanism: 'adequacy' })).toContain('adequacy decision (Commission Implementing Decision (EU) 2021/1772');
    expect(describeSafeguard('US', { ...none, mechanism: 'adequacy', dpfCertified: true })).toContain('Data Privacy Framework');
    expect(describeSafeguard('IN', { ...none, mechanism: 'bcr' })).toBe('binding corporate rules');
    expect(describeSafeguard('IN', { ...none, mechanism: 'derogation', derogationJustification: 'Art. 49(1)(b)' })).toBe('Art. 49 derogation: Art. 49(1)(b)');
  });
});
