import { QueueDefinition } from '../jobs/job-definition';

/** One job per agreement and endsAt: few, and each waits on a row lock, not on the CPU. */
export const AgreementEndQueue = new QueueDefinition('agreement-ends', 4);

/** Payloads name the endsAt they were planned for: after endsAt moves, the old job finds a different date and does nothing. */
export interface AgreementEndJob {
  agreementId: string;
  endsAt: string;
}

/** At endsAt: the contract-end flow starts, as for a termination taking effect then. */
export const ReachAgreementEnd = AgreementEndQueue.job<AgreementEndJob>('reach-agreement-end');

/** AGREEMENT_ENDING_NOTICE_DAYS before endsAt: `agreement.ending` to the officer and the controller. */
export const AnnounceAgreementEnding = AgreementEndQueue.job<AgreementEndJob>('announce-agreement-ending');
