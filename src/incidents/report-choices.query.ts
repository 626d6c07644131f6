import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inForceAtSql } from '../agreements/agreement-status';
import { whereNameContains } from '../common/pagination';

/**
 * The most controllers a form lists: thousands of checkboxes are neither readable nor quick
 * to send. A processor with more is narrowed by name, or reported for by scope.
 */
export const MAX_LISTED_CONTROLLERS = 200;

export interface NamedChoice {
  id: string;
  name: string;
}

/** What a report for one processor can name: the processor itself, the controllers it has (or had) an agreement with, its sub-processors. */
export interface ProcessorReportChoices {
  processor: NamedChoice;
  /** Sorted by name, at most MAX_LISTED_CONTROLLERS; `inForce`: an agreement with the processor is in force now. */
  controllers: (NamedChoice & { inForce: boolean })[];
  /** How many controllers match (the name asked for, if any), listed or not. */
  matchingControllers: number;
  subProcessors: (NamedChoice & { service: string })[];
}

/**
 * The choices a breach report form offers, read as the report checks them: a reporter key
 * may name exactly the controllers that have or had an agreement with its processor, and
 * that processor's sub-processors, so the form offers those and no others.
 */
@Injectable()
export class ReportChoicesQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async processors(): Promise<NamedChoice[]> {
    return this.dataSource.query<NamedChoice[]>(`SELECT id, name FROM processors ORDER BY name, id`);
  }

  /** Null when there is no such processor; `q`: only controllers whose name contains it. */
  async forProcessor(processorId: string, now: Date, q?: string): Promise<ProcessorReportChoices | null> {
    const [row] = await this.dataSource.query<{ processor: NamedChoice | null; subProcessors: ProcessorReportChoices['subProcessors'] }[]>(
      `SELECT
         (SELECT json_build_object('id', p.id, 'name', p.name) FROM processors p WHERE p.id = $1) AS processor,
         (SELECT coalesce(json_agg(json_build_object('id', s.id, 'name', s.name, 'service', s.service) ORDER BY s.name, s.id), '[]')
            FROM sub_processors s WHERE s.processor_id = $1) AS "subProcessors"`,
      [processorId],
    );
    if (!row.processor) return null;
    const controllers = whereNameContains(
      this.dataSource
        .createQueryBuilder()
        .select('c.id', 'id')
        .addSelect('c.name', 'name')
        .addSelect(`bool_or(${inForceAtSql('a', ':now')})`, 'inForce')
        .addSelect('count(*) OVER ()', 'matching')
        .from('data_controllers', 'c')
        .innerJoin('processing_agreements', 'a', 'a.controller_id = c.id')
        .where('a.processor_id = :processorId', { processorId, now: now.toISOString() })
        .groupBy('c.id')
        .orderBy('c.name')
        .addOrderBy('c.id')
        .limit(MAX_LISTED_CONTROLLERS),
      q,
    );
    const listed = await controllers.getRawMany<NamedChoice & { inForce: boolean; matching: string }>();
    return {
      processor: row.processor,
      controllers: listed.map(({ id, name, inForce }) => ({ id, name, inForce })),
      matchingControllers: Number(listed[0]?.matching ?? 0),
      subProcessors: row.subProcessors,
    };
  }
}
