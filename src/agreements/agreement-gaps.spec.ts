import { agreementGaps, completeChecklist, GAP_KEYS, gapPortfolio } from './agreement-gaps';
import { ObligationChecklist } from './processing-agreement.entity';

const allCovered: ObligationChecklist = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((k) => [k, { covered: true, clauseRef: `art. ${k}` }]));

const complete = {
  obligations: allCovered,
  subjectMatter: 'hosting of the webshop',
  natureOfProcessing: 'storage and backup',
  purposes: ['hosting'],
  dataCategories: ['contact details'],
  dataSubjectCategories: ['customers'],
};

describe('agreementGaps', () => {
  it('finds nothing missing in a complete agreement', () => {
    expect(agreementGaps(complete)).toEqual([]);
  });

  it('names an obligation that is not covered, as Art. 28(3) words it', () => {
    const obligations = { ...allCovered, g: { covered: false, clauseRef: null } };
    expect(agreementGaps({ ...complete, obligations })).toEqual([{ obligation: 'g', description: 'delete or return all personal data at the end of the services' }]);
  });

  it('treats an obligation that was never recorded as a gap', () => {
    const { d: _d, h: _h, ...rest } = allCovered;
    expect(agreementGaps({ ...complete, obligations: rest }).map((g) => g.obligation)).toEqual(['d', 'h']);
  });

  it('flags every obligation of an empty checklist, in order a to h', () => {
    expect(agreementGaps({ ...complete, obligations: {} }).map((g) => g.obligation)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
  });

  it('flags a missing or blank subject matter and nature of processing, and empty lists', () => {
    const gaps = agreementGaps({ ...complete, subjectMatter: null, natureOfProcessing: '   ', purposes: [] });
    expect(gaps).toEqual([
      { obligation: 'subjectMatter', description: 'the subject matter of the processing' },
      { obligation: 'natureOfProcessing', description: 'the nature of the processing' },
      { obligation: 'purposes', description: 'the purpose of the processing' },
    ]);
  });
});

describe('completeChecklist', () => {
  it('lists all eight obligations, unrecorded ones as not covered', () => {
    const list = completeChecklist({ c: { covered: true, clauseRef: '7.1' } });
    expect(Object.keys(list)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(list.c).toEqual({ covered: true, clauseRef: '7.1' });
    expect(list.a).toEqual({ covered: false, clauseRef: null });
  });
});

describe('gapPortfolio', () => {
  const agreements = [
    { id: 'one', gaps: ['e', 'purposes'] },
    { id: 'two', gaps: [] },
    { id: 'three', gaps: ['e'] },
  ];

  it('counts per obligation which agreements miss it, and how many miss anything', () => {
    const portfolio = gapPortfolio(agreements);
    expect(portfolio.agreementsChecked).toBe(3);
    expect(portfolio.agreementsWithGaps).toBe(2);
    const e = portfolio.gaps.find((g) => g.obligation === 'e')!;
    expect(e).toEqual({ obligation: 'e', description: 'assist the controller in answering data subject requests', count: 2, agreements: [{ id: 'one' }, { id: 'three' }] });
    expect(portfolio.gaps.find((g) => g.obligation === 'purposes')).toMatchObject({ count: 1, agreements: [{ id: 'one' }], description: 'the purpose of the processing' });
  });

  it('lists every obligation and particular, also those nobody misses, in the order of Art. 28(3)', () => {
    const portfolio = gapPortfolio(agreements);
    expect(portfolio.gaps.map((g) => g.obligation)).toEqual(GAP_KEYS);
    expect(portfolio.gaps.find((g) => g.obligation === 'a')).toMatchObject({ count: 0, agreements: [] });
  });

  it('uses the keys agreementGaps gives, so nothing an agreement shows escapes the count', () => {
    const empty = { obligations: {}, subjectMatter: null, natureOfProcessing: null, purposes: [], dataCategories: [], dataSubjectCategories: [] };
    expect(agreementGaps(empty).map((g) => g.obligation)).toEqual(GAP_KEYS);
  });
});
