import { JobRequest, stepJobId } from '../jobs/job-definition';
import { subtractCalendarPeriod } from '../common/time';
import { AgreementEndJob, AnnounceAgreementEnding, ReachAgreementEnd } from './agreement-end.queue';
import { ProcessingAgreement } from './processing-agreement.entity';

export type EndOfTerm = Pick<ProcessingAgreement, 'id' | 'endsAt' | 'terminatedAt' | 'endReachedAt' | 'endingNoticeFor'>;

/** When the `agreement.ending` notice is due: `days` calendar days before endsAt, at its clock time in Amsterdam. */
export function endingNoticeAt(endsAt: Date, days: number): Date {
  return subtractCalendarPeriod(endsAt, `P${days}D`);
}

/**
 * The jobs an agreement's end of term calls for at `now`: reaching endsAt (until the flow
 * started) and the notice before it (until sent for this endsAt, and only while endsAt
 * lies ahead). None for an open-ended agreement, nor for one with notice of termination:
 * the termination starts the flow itself. Derived only from the row, so the service and
 * the reconciler produce the same ids, and the ids carry endsAt, so moving it plans anew.
 */
export function planAgreementEndJobs(a: EndOfTerm, noticeDays: number, now: Date): (JobRequest<AgreementEndJob> & { jobId: string; delay: number })[] {
  if (!a.endsAt || a.terminatedAt || a.endReachedAt) return [];
  const ends = a.endsAt.getTime();
  const data = { agreementId: a.id, endsAt: a.endsAt.toISOString() };
  const jobs = [ReachAgreementEnd.request(data, { jobId: stepJobId(a.id, `end-${ends}`), delay: Math.max(0, ends - now.getTime()) })];
  const announced = a.endingNoticeFor?.getTime() === ends;
  if (noticeDays > 0 && !announced && ends > now.getTime()) {
    const noticeAt = endingNoticeAt(a.endsAt, noticeDays).getTime();
    jobs.push(AnnounceAgreementEnding.request(data, { jobId: stepJobId(a.id, `ending-${ends}`), delay: Math.max(0, noticeAt - now.getTime()) }));
  }
  return jobs;
}
