import { EntityManager } from 'typeorm';
import { Deadline } from '../deadlines/deadline.entity';
import { DeadlineAbout } from '../deadlines/deadline-kinds';

/** A breach clock reads as the incident's title, with the controller it runs for and the agreement that set its hours. */
export async function describeIncidentDeadlines(manager: EntityManager, deadlines: Deadline[]): Promise<Map<string, DeadlineAbout>> {
  const rows = await manager.query<{ deadline_id: string; title: string; controller_name: string | null; reference: string | null }[]>(
    `SELECT x.deadline_id, i.title, c.name AS controller_name, a.reference
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS x(deadline_id, incident_id, controller_id)
       JOIN incidents i ON i.id = x.incident_id
       LEFT JOIN data_controllers c ON c.id = x.controller_id
       LEFT JOIN incident_controllers ic ON ic.incident_id = x.incident_id AND ic.controller_id = x.controller_id
       LEFT JOIN processing_agreements a ON a.id = ic.agreement_id`,
    [deadlines.map((d) => d.id), deadlines.map((d) => d.subjectId), deadlines.map((d) => d.controllerId)],
  );
  return new Map(rows.map((r) => [r.deadline_id, { title: r.title, controllerName: r.controller_name, agreementReference: r.reference }]));
}
