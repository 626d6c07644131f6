import { EndOfContractAction } from '../agreements/processing-agreement.entity';
import { Deadline } from '../deadlines/deadline.entity';
import { isLate } from '../deadlines/deadline-plan';
import { DeadlineOutcome } from '../deadlines/deadlines.service';
import { DeletionTask } from './deletion-task.entity';

export type TaskProgress = Pick<DeletionTask, 'id' | 'status' | 'confirmedAt' | 'lateReason' | 'returnedLocation'>;

/** A person's record for an agreement without data stores. */
export interface RecordedConfirmation {
  confirmedAt: Date;
  lateReason: string | null;
}

export type Outstanding = { kind: 'contract_not_ended' } | { kind: 'store_not_confirmed'; taskId: string } | { kind: 'return_not_recorded'; taskId: string } | { kind: 'no_store_confirmation' };

export interface ContractEndProgress {
  complete: boolean;
  /** What is still missing before the deletion can be certified; empty when complete. */
  outstanding: Outstanding[];
  /** The last confirmation, once complete: when the deletion was done. */
  doneAt: Date | null;
  lateReason: string | null;
}

export interface ProgressInput {
  /** The contract has ended and its contract-end flow was opened. */
  ended: boolean;
  action: EndOfContractAction;
  tasks: readonly TaskProgress[];
  confirmation: RecordedConfirmation | null;
}

/**
 * Whether the deletion at contract end may be certified (Art. 28(3)(g)). Only a
 * confirmation says data are gone: every data store confirmed — with where its copy went
 * when the controller chose return — or, for an agreement that lists none, a person
 * recorded what was erased or returned, where and with what evidence. An empty list of
 * stores proves nothing by itself. Done when the last confirmation came.
 */
export function contractEndProgress({ ended, action, tasks, confirmation }: ProgressInput): ContractEndProgress {
  const outstanding: Outstanding[] = [];
  if (!ended) outstanding.push({ kind: 'contract_not_ended' });
  const confirmations: { at: Date; lateReason: string | null }[] = [];
  for (const task of tasks) {
    if (task.status !== 'confirmed' || !task.confirmedAt) outstanding.push({ kind: 'store_not_confirmed', taskId: task.id });
    else if (action !== 'delete' && !task.returnedLocation) outstanding.push({ kind: 'return_not_recorded', taskId: task.id });
    else confirmations.push({ at: task.confirmedAt, lateReason: task.lateReason });
  }
  if (tasks.length === 0) {
    if (confirmation) confirmations.push({ at: confirmation.confirmedAt, lateReason: confirmation.lateReason });
    else outstanding.push({ kind: 'no_store_confirmation' });
  }
  if (outstanding.length) return { complete: false, outstanding, doneAt: null, lateReason: null };
  // The first of several at the latest instant gives the reason, so the answer does not depend on row order.
  const last = confirmations.reduce((latest, c) => (c.at.getTime() > latest.at.getTime() ? c : latest));
  return { complete: true, outstanding, doneAt: last.at, lateReason: last.lateReason };
}

/**
 * How the contract-end deletion deadline closes, or null while something is outstanding:
 * met only when the last confirmation came by its due instant, otherwise met late with
 * that confirmation's reason.
 */
export function completion(progress: ContractEndProgress, deadline: Pick<Deadline, 'dueAt'>): Extract<DeadlineOutcome, { at: Date }> | null {
  if (!progress.complete || !progress.doneAt) return null;
  if (!isLate(progress.doneAt, deadline.dueAt)) return { status: 'met', at: progress.doneAt };
  return { status: 'met_late', at: progress.doneAt, lateReason: progress.lateReason ?? 'confirmed after the due date' };
}

/**
 * The controller may change between return and delete until the contract ends
 * (Art. 28(3)(g)); the choice is read when erasure starts, so until then a change is
 * simply honoured. Once erasure has been requested it is history and stays as it was.
 */
export function mayChangeChoice(endsAt: Date | null, erasureStarted: boolean, now: Date): boolean {
  const ended = endsAt !== null && endsAt.getTime() <= now.getTime();
  return !erasureStarted && !ended;
}

export interface StoreReturned {
  location: string;
  checksum: string | null;
  description: string | null;
}

const text = (value: unknown, max: number): string | null | undefined => {
  if (value === undefined || value === null) return null;
  // Postgres text cannot hold NUL; a store's answer is not trusted to be clean.
  if (typeof value !== 'string' || value.trim() === '' || value.length > max || value.includes('\u0000')) return undefined;
  return value;
};

/**
 * What a webhook store's 2xx answer says it returned: `{"returned": {"location", "checksum"?,
 * "description"?}}`. Anything else — no JSON, no `returned`, a field of the wrong type or
 * size — is no statement at all; the confirmation can still say it.
 */
export function returnedFromAnswer(answer: string | null): StoreReturned | null {
  if (!answer) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer);
  } catch {
    return null;
  }
  const returned = typeof parsed === 'object' && parsed !== null ? (parsed as { returned?: unknown }).returned : undefined;
  if (typeof returned !== 'object' || returned === null) return null;
  const fields = returned as Record<string, unknown>;
  const location = text(fields.location, 2000);
  const checksum = text(fields.checksum, 200);
  const description = text(fields.description, 2000);
  if (!location || checksum === undefined || description === undefined) return null;
  return { location, checksum, description };
}
