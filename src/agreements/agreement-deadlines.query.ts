import { EntityManager } from 'typeorm';
import { Deadline } from '../deadlines/deadline.entity';
import { DeadlineAbout } from '../deadlines/deadline-kinds';

/** A clock about an agreement reads as its reference and its controller. */
export async function describeAgreementDeadlines(manager: EntityManager, deadlines: Deadline[]): Promise<Map<string, DeadlineAbout>> {
  const rows = await manager.query<{ deadline_id: string; reference: string; controller_name: string }[]>(
    `SELECT x.deadline_id, a.reference, c.name AS controller_name
       FROM unnest($1::uuid[], $2::uuid[]) AS x(deadline_id, agreement_id)
       JOIN processing_agreements a ON a.id = x.agreement_id
       JOIN data_controllers c ON c.id = a.controller_id`,
    [deadlines.map((d) => d.id), deadlines.map((d) => d.subjectId)],
  );
  return new Map(rows.map((r) => [r.deadline_id, { title: r.reference, controllerName: r.controller_name, agreementReference: r.reference }]));
}
