import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { FakeClock } from '../src/common/clock';
import { DeadlinesService } from '../src/deadlines/deadlines.service';
import { startTestApp, TestApp } from './utils/test-app';

/** The deadlines port other modules read through: by subject, by due window, and the list API. */
describe('the deadline query API', () => {
  let t: TestApp;
  let deadlines: DeadlinesService;
  const clock = new FakeClock('2026-03-01T09:00:00Z');
  const subject = randomUUID();
  const other = randomUUID();
  const due = ['2026-03-05T10:00:00.000Z', '2026-03-02T10:00:00.000Z', '2026-03-04T10:00:00.000Z', '2026-03-03T10:00:00.000Z', '2026-03-03T10:00:00.000Z'];

  beforeAll(async () => {
    t = await startTestApp({ clock, workers: false });
    deadlines = t.app.get(DeadlinesService);
    await t.app.get(DataSource).transaction((manager) =>
      deadlines.openMany(
        manager,
        due.map((dueAt, i) => ({ kind: 'authority_notification', subjectType: 'incident', subjectId: i < 4 ? subject : other, startsAt: clock.now(), dueAt: new Date(dueAt) })),
      ),
    );
  });

  afterAll(async () => {
    await t.close();
  });

  it('reads one subject’s deadlines soonest due first', async () => {
    const found = await deadlines.forSubject('incident', subject);
    expect(found.map((d) => d.dueAt.toISOString())).toEqual(['2026-03-02T10:00:00.000Z', '2026-03-03T10:00:00.000Z', '2026-03-04T10:00:00.000Z', '2026-03-05T10:00:00.000Z']);
  });

  it('reads what falls due in a window, from its first instant up to but not including its last', async () => {
    const found = await deadlines.dueBetween(new Date('2026-03-03T10:00:00.000Z'), new Date('2026-03-05T10:00:00.000Z'));
    expect(found.map((d) => d.dueAt.toISOString())).toEqual(['2026-03-03T10:00:00.000Z', '2026-03-03T10:00:00.000Z', '2026-03-04T10:00:00.000Z']);
    expect((await deadlines.dueBetween(new Date('2026-03-03T10:00:00.000Z'), new Date('2026-03-05T10:00:00.000Z'), { subjectIds: [other] })).length).toBe(1);
  });

  it('lists soonest due first with sort=dueAt, paging without duplicates or gaps, ties broken by id', async () => {
    const seen: { id: string; dueAt: string }[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.as().get(`/api/v1/deadlines?sort=dueAt&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...(res.body.items as { id: string; dueAt: string }[]));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    expect(seen.map((d) => d.dueAt)).toEqual([...due].sort());
    expect(new Set(seen.map((d) => d.id)).size).toBe(due.length);
  });

  it('refuses a sort or a kind it does not know with 400 naming the field', async () => {
    for (const [query, field] of [
      ['sort=due', 'sort'],
      ['kind=coffee_break', 'kind'],
    ]) {
      const res = await t.as().get(`/api/v1/deadlines?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
  });
});
