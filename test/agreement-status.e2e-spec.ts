import fc from 'fast-check';
import { agreementStatusAt, AgreementDates, endOfAgreement, endOfAgreementSql, inForceAtSql, isInForceAt, notEndedAt, notEndedAtSql, statusAtSql } from '../src/agreements/agreement-status';
import { AGREEMENT_STATUSES } from '../src/agreements/processing-agreement.entity';
import { useServerClient } from './utils/test-database';

/**
 * The in-force rule and its SQL twin must never disagree: a breach report, the retention
 * sweep and the agreement list would otherwise judge the same agreement differently. Each
 * generated agreement is evaluated by Postgres and by the function, at instants on and
 * around its own dates (the edges are where copies used to differ).
 */
describe('the agreement rule and its SQL twin', () => {
  const db = useServerClient();

  const statusColumns = AGREEMENT_STATUSES.map((s) => `${statusAtSql('a', s, '$1')} AS "${s}"`).join(', ');
  const sql = `SELECT ${inForceAtSql('a', '$1')} AS "inForce", ${endOfAgreementSql('a')} AS "end", ${notEndedAtSql('a', '$1')} AS "notEnded", ${statusColumns}
    FROM (VALUES ($2::timestamptz, $3::timestamptz, $4::timestamptz, $5::timestamptz)) AS a(effective_from, ends_at, terminated_at, termination_effective_at)`;

  const base = Date.UTC(2026, 0, 1);
  const instant = fc.integer({ min: -400, max: 400 }).map((days) => new Date(base + days * 86_400_000));
  const agreement = fc
    .record({
      effectiveFrom: instant,
      endsAt: fc.option(instant, { nil: null }),
      terminatedAt: fc.option(instant, { nil: null }),
      terminationEffectiveAt: fc.option(instant, { nil: null }),
    })
    .filter((a) => a.endsAt === null || a.endsAt > a.effectiveFrom);
  const nearOneOf = (a: AgreementDates) =>
    fc.oneof(
      instant,
      fc
        .constantFrom(...[a.effectiveFrom, a.endsAt, a.terminatedAt, a.terminationEffectiveAt].filter((d): d is Date => d !== null))
        .chain((d) => fc.constantFrom(-1, 0, 1).map((ms) => new Date(d.getTime() + ms))),
    );

  it('agree on the end, in force, not ended and the status, for every agreement and instant', async () => {
    await fc.assert(
      fc.asyncProperty(
        agreement.chain((a) => fc.tuple(fc.constant(a), nearOneOf(a))),
        async ([a, at]) => {
          const { rows } = await db().query<Record<string, boolean> & { end: Date | null }>(sql, [at, a.effectiveFrom, a.endsAt, a.terminatedAt, a.terminationEffectiveAt]);
          const [row] = rows;
          expect(row.inForce).toBe(isInForceAt(a, at));
          expect(row.notEnded).toBe(notEndedAt(a, at));
          expect(row.end).toEqual(endOfAgreement(a));
          expect(AGREEMENT_STATUSES.filter((s) => row[s])).toEqual([agreementStatusAt(a, at)]);
        },
      ),
      { numRuns: 300, seed: 20261124 },
    );
  });
});
