import { Queue, Worker } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { UnitOfWork } from '../src/audit/unit-of-work';
import { FakeClock } from '../src/common/clock';
import { DeadlineJobs } from '../src/deadlines/deadline-jobs';
import { DeadlineQueue, EscalateDeadline, FireReminder } from '../src/deadlines/deadline.queue';
import { DeadlinesService } from '../src/deadlines/deadlines.service';
import { JobRequest } from '../src/jobs/job-definition';
import { JobQueues, queueConnection } from '../src/jobs/job-queues';
import { JobReconciler } from '../src/jobs/job-reconciler';
import { RedisLocation } from '../src/config/local-redis';
import { auditEntries } from './utils/audit-log';
import { startTestApp, TestApp } from './utils/test-app';
import { TEST_REDIS_URL } from './utils/test-database';
import { waitFor } from './utils/wait-for';

jest.setTimeout(60_000);

const HOUR = 3_600_000;
const STEPS = ['remind-500', 'remind-750', 'remind-900', 'escalate'];
const FIRST_TRY = { attemptsMade: 0, lastAttempt: false };

async function openDeadline(t: TestApp, startsAt: Date, dueAt: Date): Promise<string> {
  const [deadline] = await t.dataSource.transaction((manager) =>
    t.app.get(DeadlinesService).openMany(manager, [{ kind: 'dsr_response', subjectType: 'data_subject_request', subjectId: randomUUID(), startsAt, dueAt }]),
  );
  return deadline.id;
}

/** The steps of a deadline that have a job in Redis, with the delay each was added with. */
async function stepsInRedis(t: TestApp, deadlineId: string): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for (const step of STEPS) {
    const job = await t.app.get(JobQueues).queue(DeadlineQueue).getJob(`${deadlineId}-${step}`);
    if (job) found[step] = job.delay;
  }
  return found;
}

function reminded(t: TestApp, deadlineId: string) {
  return auditEntries(t.dataSource, `a.entity_id = $1 AND a.action = 'deadline.reminded'`, [deadlineId]);
}

/**
 * Makes the add of one step fail as a worker killed between its commit and that add would:
 * the reminder is recorded in Postgres, the next step is not in Redis.
 */
function dieBeforeAdding(queues: JobQueues, isNext: (jobId: string) => boolean): { died: () => boolean } {
  const addBulk = queues.addBulk.bind(queues);
  let died = false;
  jest.spyOn(queues, 'addBulk').mockImplementation(async (requests: JobRequest[]) => {
    if (!died && requests.some((r) => r.jobId !== undefined && isNext(r.jobId))) {
      died = true;
      throw new Error('the worker died before adding the next step');
    }
    return addBulk(requests);
  });
  return { died: () => died };
}

describe('a pending deadline has one job in Redis, its next step (with the ones due soon after it)', () => {
  const clock = new FakeClock('2026-03-28T09:00:00Z');
  const T0 = clock.now().getTime();
  let t: TestApp;
  let queue: Queue;

  // No workers: the test hands out the steps itself, as BullMQ would.
  beforeAll(async () => {
    t = await startTestApp({ workers: false, clock });
    queue = t.app.get(JobQueues).queue(DeadlineQueue);
  });

  afterEach(() => {
    jest.restoreAllMocks();
    clock.set(new Date(T0));
  });

  afterAll(async () => {
    await t?.close();
  });

  it('opens with only the first reminder; each reminder adds the step after it, the last one the escalation', async () => {
    const id = await openDeadline(t, new Date(T0), new Date(T0 + 72 * HOUR));
    expect(await waitFor('the first step', async () => ((await queue.getJob(`${id}-remind-500`)) ? stepsInRedis(t, id) : undefined))).toEqual({ 'remind-500': 36 * HOUR });

    const jobs = t.app.get(DeadlineJobs);
    clock.set(new Date(T0 + 36 * HOUR));
    expect(await jobs.remind({ deadlineId: id, fraction: 0.5 }, FIRST_TRY)).toBe('reminded');
    expect(await stepsInRedis(t, id)).toEqual({ 'remind-500': 36 * HOUR, 'remind-750': 18 * HOUR });
    clock.set(new Date(T0 + 54 * HOUR));
    expect(await jobs.remind({ deadlineId: id, fraction: 0.75 }, FIRST_TRY)).toBe('reminded');
    clock.set(new Date(T0 + 64.8 * HOUR));
    expect(await jobs.remind({ deadlineId: id, fraction: 0.9 }, FIRST_TRY)).toBe('reminded');
    expect(await stepsInRedis(t, id)).toEqual({ 'remind-500': 36 * HOUR, 'remind-750': 18 * HOUR, 'remind-900': 10.8 * HOUR, escalate: 7.2 * HOUR });
    expect((await reminded(t, id)).map((e) => e.after.fraction)).toEqual([0.5, 0.75, 0.9]);
  });

  it('queues the steps of a short clock together, so a reminder running late cannot hold its escalation back', async () => {
    const MINUTE = 60_000;
    // Twenty minutes: reminders at 10, 15 and 18, due at 20; each step within ten minutes of the one before.
    const id = await openDeadline(t, new Date(T0), new Date(T0 + 20 * MINUTE));
    expect(await waitFor('the steps', async () => ((await queue.getJob(`${id}-remind-500`)) ? stepsInRedis(t, id) : undefined))).toEqual({
      'remind-500': 10 * MINUTE,
      'remind-750': 15 * MINUTE,
      'remind-900': 18 * MINUTE,
      escalate: 20 * MINUTE,
    });
  });

  it('loses no step when the worker dies after a reminder and before adding the next: the reconciler adds it from the row, the job handed out again adds it without a second reminder', async () => {
    const id = await openDeadline(t, new Date(T0), new Date(T0 + 72 * HOUR));
    await waitFor('the first step', () => queue.getJob(`${id}-remind-500`));
    const jobs = t.app.get(DeadlineJobs);
    const crash = dieBeforeAdding(t.app.get(JobQueues), (jobId) => jobId === `${id}-remind-750`);

    clock.set(new Date(T0 + 36 * HOUR));
    await expect(jobs.remind({ deadlineId: id, fraction: 0.5 }, FIRST_TRY)).rejects.toThrow('the worker died');
    expect(crash.died()).toBe(true);
    const [row] = await t.dataSource.query(`SELECT reminders_sent FROM deadlines WHERE id = $1`, [id]);
    expect(row.reminders_sent).toEqual([0.5]);
    expect(await stepsInRedis(t, id)).toEqual({ 'remind-500': 36 * HOUR });

    // Redis gets the step back from Postgres.
    clock.set(new Date(T0 + 40 * HOUR));
    await t.app.get(JobReconciler).reconcile();
    expect(await stepsInRedis(t, id)).toEqual({ 'remind-500': 36 * HOUR, 'remind-750': 14 * HOUR });

    // And without the reconciler: BullMQ hands the dead worker's job out again.
    await (await queue.getJob(`${id}-remind-750`))!.remove();
    expect(await jobs.remind({ deadlineId: id, fraction: 0.5 }, { attemptsMade: 1, lastAttempt: false })).toBe('already reminded');
    expect(await stepsInRedis(t, id)).toEqual({ 'remind-500': 36 * HOUR, 'remind-750': 14 * HOUR });
    expect((await reminded(t, id)).map((e) => e.after.fraction)).toEqual([0.5]);
  });

  it('schedules the step after a reminder that failed its last attempt, so the escalation is not held back', async () => {
    const id = await openDeadline(t, new Date(T0), new Date(T0 + 72 * HOUR));
    await waitFor('the first step', () => queue.getJob(`${id}-remind-500`));
    const jobs = t.app.get(DeadlineJobs);
    jest.spyOn(t.app.get(UnitOfWork), 'run').mockRejectedValue(new Error('the reminder cannot be written'));

    clock.set(new Date(T0 + 36 * HOUR));
    await expect(jobs.remind({ deadlineId: id, fraction: 0.5 }, { attemptsMade: 6, lastAttempt: false })).rejects.toThrow('cannot be written');
    expect(await stepsInRedis(t, id)).toEqual({ 'remind-500': 36 * HOUR });
    await expect(jobs.remind({ deadlineId: id, fraction: 0.5 }, { attemptsMade: 7, lastAttempt: true })).rejects.toThrow('cannot be written');
    expect(await stepsInRedis(t, id)).toEqual({ 'remind-500': 36 * HOUR, 'remind-750': 18 * HOUR });
  });
});

describe('reminders yield to escalations on the deadline queue', () => {
  let t: TestApp;

  // No workers in the app: the test's own worker takes the jobs one by one, as a free handler would.
  beforeAll(async () => {
    t = await startTestApp({ workers: false });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('hands out an escalation due now before a burst of reminders that were due first', async () => {
    const reminders = Array.from({ length: 40 }, () => FireReminder.request({ deadlineId: randomUUID(), fraction: 0.9 }, { jobId: `${randomUUID()}-remind-900` }));
    const escalation = EscalateDeadline.request({ deadlineId: randomUUID() }, { jobId: `${randomUUID()}-escalate` });
    const queues = t.app.get(JobQueues);
    await queues.addBulk(reminders);
    await queues.addBulk([escalation]);

    const worker = new Worker(DeadlineQueue.name, undefined, { connection: queueConnection(new RedisLocation(TEST_REDIS_URL)), prefix: t.config.QUEUE_PREFIX, autorun: false });
    try {
      const handedOut: string[] = [];
      for (let i = 0; i < 3; i++) handedOut.push((await worker.getNextJob('test-token'))!.id!);
      expect(handedOut[0]).toBe(escalation.jobId);
      // The reminders themselves keep their order: first added, first handed out.
      expect(handedOut.slice(1)).toEqual([reminders[0].jobId, reminders[1].jobId]);
    } finally {
      await worker.close(true);
    }
  });
});

describe('a deadline fired by the worker, step after step', () => {
  let t: TestApp;

  beforeAll(async () => {
    // The periodic reconcile is ten minutes away: only the steps themselves carry the deadline on.
    // Without a handover each step is added by the one before it, even in a 12-second window.
    t = await startTestApp({ env: { DEADLINE_STEP_HANDOVER_MS: '0' } });
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(async () => {
    await t?.close();
  });

  it('reaches the escalation when the worker died after the first reminder, and reminds once per fraction', async () => {
    const now = Date.now();
    const id = await openDeadline(t, new Date(now), new Date(now + 12_000));
    // Whichever step follows the first reminder: on a loaded machine it may be a later one.
    const crash = dieBeforeAdding(t.app.get(JobQueues), (jobId) => jobId.startsWith(id) && jobId !== `${id}-remind-500`);

    const row = await waitFor(
      'the deadline to be missed',
      async () => {
        const [current] = await t.dataSource.query(`SELECT status, reminders_sent, due_at, missed_at FROM deadlines WHERE id = $1`, [id]);
        return current.status === 'missed' ? current : undefined;
      },
      45_000,
    );
    expect(crash.died()).toBe(true);
    expect(new Date(row.missed_at).getTime()).toBeGreaterThanOrEqual(new Date(row.due_at).getTime());
    const fractions = (await reminded(t, id)).map((e) => e.after.fraction as number);
    // Under load a step may come late and the overdue ones collapse into the latest; none is sent twice.
    expect(fractions[0]).toBe(0.5);
    expect(new Set(fractions).size).toBe(fractions.length);
    expect(await auditEntries(t.dataSource, `a.entity_id = $1 AND a.action = 'deadline.missed'`, [id])).toHaveLength(1);
  });
});
