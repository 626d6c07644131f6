import { EntityManager } from 'typeorm';
import { Deadline } from '../deadlines/deadline.entity';
import { DeadlineAbout } from '../deadlines/deadline-kinds';

/** A clock about a sub-processor on one agreement reads as the sub-processor and what it does, on that agreement, for its controller. */
export async function describeSubProcessorLinkDeadlines(manager: EntityManager, deadlines: Deadline[]): Promise<Map<string, DeadlineAbout>> {
  const rows = await manager.query<{ deadline_id: string; name: string; service: string; country: string; reference: string; controller_name: string }[]>(
    `SELECT x.deadline_id, s.name, s.service, s.country, a.reference, c.name AS controller_name
       FROM unnest($1::uuid[], $2::uuid[]) AS x(deadline_id, link_id)
       JOIN sub_processor_agreements l ON l.id = x.link_id
       JOIN sub_processors s ON s.id = l.sub_processor_id
       JOIN processing_agreements a ON a.id = l.agreement_id
       JOIN data_controllers c ON c.id = a.controller_id`,
    [deadlines.map((d) => d.id), deadlines.map((d) => d.subjectId)],
  );
  return new Map(rows.map((r) => [r.deadline_id, { title: `${r.name} (${r.service}, ${r.country})`, controllerName: r.controller_name, agreementReference: r.reference }]));
}
