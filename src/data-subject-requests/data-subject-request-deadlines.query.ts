import { EntityManager } from 'typeorm';
import { Deadline } from '../deadlines/deadline.entity';
import { DeadlineAbout } from '../deadlines/deadline-kinds';

/** A request's clock reads as the kind of request and who made it (until retention anonymised them), for which client, under which agreement. */
export async function describeRequestDeadlines(manager: EntityManager, deadlines: Deadline[]): Promise<Map<string, DeadlineAbout>> {
  const rows = await manager.query<{ deadline_id: string; type: string; requester_name: string | null; controller_name: string | null; reference: string | null }[]>(
    `SELECT x.deadline_id, r.type, r.requester_name, c.name AS controller_name, a.reference
       FROM unnest($1::uuid[], $2::uuid[]) AS x(deadline_id, request_id)
       JOIN data_subject_requests r ON r.id = x.request_id
       LEFT JOIN data_controllers c ON c.id = r.controller_id
       LEFT JOIN processing_agreements a ON a.id = r.agreement_id`,
    [deadlines.map((d) => d.id), deadlines.map((d) => d.subjectId)],
  );
  return new Map(
    rows.map((r) => [
      r.deadline_id,
      { title: `${r.type.replace('_', ' ')} request${r.requester_name ? ` from ${r.requester_name}` : ''}`, controllerName: r.controller_name, agreementReference: r.reference },
    ]),
  );
}
