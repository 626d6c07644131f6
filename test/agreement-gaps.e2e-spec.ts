import fc from 'fast-check';
import { agreementGaps, agreementGapsSql, AgreementContents } from '../src/agreements/agreement-gaps';
import { OBLIGATION_KEYS, ObligationChecklist } from '../src/agreements/processing-agreement.entity';
import { useServerClient } from './utils/test-database';

/**
 * The Art. 28(3) gaps an agreement shows and the SQL that filters and counts them over the
 * portfolio must never disagree: the list would otherwise hide an agreement whose page
 * shows a gap. Texts are drawn from every kind of whitespace, so "blank" is tested too.
 */
describe('the agreement gaps rule and its SQL twin', () => {
  const db = useServerClient();

  const sql = `SELECT ${agreementGapsSql('a')} AS gaps
    FROM (VALUES ($1::jsonb, $2::text, $3::text, $4::text[], $5::text[], $6::text[])) AS a(obligations, subject_matter, nature_of_processing, purposes, data_categories, data_subject_categories)`;

  const whitespace = [' ', '\t', '\n', '\v', '\f', '\r', '\u00a0', '\u1680', '\u2000', '\u2005', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u0085', '\u200b', '\u180e'];
  const text = fc.option(
    fc.array(fc.constantFrom(...whitespace, 'a', 'ß', '1'), { maxLength: 4 }).map((chars) => chars.join('')),
    { nil: null },
  );
  const obligations: fc.Arbitrary<ObligationChecklist> = fc
    .array(fc.tuple(fc.constantFrom(...OBLIGATION_KEYS), fc.boolean()), { maxLength: OBLIGATION_KEYS.length })
    .map((entries) => Object.fromEntries(entries.map(([key, covered]) => [key, { covered, clauseRef: null }])));
  const list = fc.array(fc.constantFrom('billing', 'support'), { maxLength: 2 });
  const contents: fc.Arbitrary<AgreementContents> = fc.record({ obligations, subjectMatter: text, natureOfProcessing: text, purposes: list, dataCategories: list, dataSubjectCategories: list });

  it('agree on every agreement’s gaps, in the same order', async () => {
    await fc.assert(
      fc.asyncProperty(contents, async (a) => {
        const { rows } = await db().query<{ gaps: string[] }>(sql, [JSON.stringify(a.obligations), a.subjectMatter, a.natureOfProcessing, a.purposes, a.dataCategories, a.dataSubjectCategories]);
        expect(rows[0].gaps).toEqual(agreementGaps(a).map((gap) => gap.obligation));
      }),
      { numRuns: 400, seed: 20261124 },
    );
  });
});
