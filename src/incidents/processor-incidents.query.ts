import { EntityManager } from 'typeorm';
import { Incident } from './incident.entity';

/** The ids of a processor's incidents: what a reporter key bound to it may see (mayReporterSee), for readers outside this folder. */
export async function incidentIdsOfProcessor(manager: EntityManager, processorId: string): Promise<string[]> {
  const rows = await manager.find(Incident, { select: { id: true }, where: { processorId } });
  return rows.map((row) => row.id);
}
