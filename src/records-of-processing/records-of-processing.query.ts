import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inForceAtSql, inForceDuringSql } from '../agreements/agreement-status';
import { EEA_COUNTRIES } from '../common/countries';
import { ReadSnapshot } from '../common/read-snapshot';
import { ControllerRow, ProcessorRow, RecordScope } from './record-content';

/** Controllers per FETCH: enough to keep round trips few, few enough that memory stays flat whatever the registry's size. */
export const CONTROLLERS_PER_FETCH = 500;

/**
 * Reads the registry for the Art. 30(2) record in one read-only REPEATABLE READ transaction,
 * so every section and every batch comes from the same snapshot, with the controllers
 * streamed from a server-side cursor: the record may span every client, so it is never
 * read into memory whole.
 */
@Injectable()
export class RecordsOfProcessingQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async open(): Promise<RecordReader> {
    return new RecordReader(await ReadSnapshot.open(this.dataSource));
  }
}

export class RecordReader {
  constructor(private readonly snapshot: ReadSnapshot) {}

  async controllerExists(id: string): Promise<boolean> {
    return (await this.snapshot.query<unknown[]>(`SELECT 1 FROM data_controllers WHERE id = $1`, [id])).length > 0;
  }

  /** The processors whose record this is: one, or every one in the registry, by name. */
  async processors(processorId: string | undefined): Promise<ProcessorRow[]> {
    return this.snapshot.query<ProcessorRow[]>(
      `SELECT id, name, country, kvk_number, contact_email, dpo_name, dpo_email, security_measures
         FROM processors WHERE $1::uuid IS NULL OR id = $1 ORDER BY name, id`,
      [processorId ?? null],
    );
  }

  /**
   * The controllers a processor processes for under the agreements in scope, by name, in
   * batches: each with those agreements (their categories) and the third-country
   * sub-processors authorised for them. A link counts once it was authorised by the end of
   * the scope; a sub-processor inside the EEA transfers nothing (`common/countries.ts`).
   */
  async *controllers(processorId: string, scope: RecordScope, controllerId: string | undefined): AsyncGenerator<ControllerRow[]> {
    const params: unknown[] = [];
    const bind = (value: unknown, type: string) => `$${params.push(value)}::${type}`;
    const [inScope, authorisedBy] = (() => {
      if ('at' in scope) {
        const at = bind(scope.at, 'timestamptz');
        return [inForceAtSql('a', at), `l.decided_at <= ${at}`];
      }
      const [from, to] = [bind(scope.from, 'timestamptz'), bind(scope.to, 'timestamptz')];
      return [inForceDuringSql('a', from, to), `l.decided_at < ${to}`];
    })();
    const processor = bind(processorId, 'uuid');
    const controller = bind(controllerId ?? null, 'uuid');
    const eea = bind([...EEA_COUNTRIES], 'text[]');
    yield* this.snapshot.batches<ControllerRow>(
      'record_controllers',
      `WITH agreements AS MATERIALIZED (
         SELECT a.id, a.controller_id, a.reference, a.effective_from, a.ends_at, a.termination_effective_at,
                a.purposes, a.data_categories, a.data_subject_categories, a.special_categories
           FROM processing_agreements a
          WHERE a.processor_id = ${processor} AND (${controller} IS NULL OR a.controller_id = ${controller}) AND ${inScope}
       ), links AS (
         SELECT a.controller_id, l.sub_processor_id, array_agg(a.reference ORDER BY a.effective_from, a.reference, a.id) AS agreement_references
           FROM agreements a JOIN sub_processor_agreements l ON l.agreement_id = a.id
          WHERE l.status = 'authorized' AND ${authorisedBy}
          GROUP BY a.controller_id, l.sub_processor_id
       ), parts AS (
         SELECT controller_id, json_build_object(
                  'id', id, 'reference', reference, 'effectiveFrom', effective_from, 'endsAt', ends_at,
                  'terminationEffectiveAt', termination_effective_at, 'purposes', purposes, 'dataCategories', data_categories,
                  'dataSubjectCategories', data_subject_categories, 'specialCategories', special_categories
                ) AS agreement, NULL::json AS transfer, effective_from AS starts, reference AS name, id
           FROM agreements
         UNION ALL
         SELECT k.controller_id, NULL, json_build_object(
                  'subProcessorId', s.id, 'name', s.name, 'service', s.service, 'country', s.country,
                  'mechanism', s.transfer_mechanism, 'dpfCertified', s.dpf_certified, 'dpfCheckedAt', s.dpf_checked_at,
                  'sccModule', s.scc_module, 'sccVersion', s.scc_version, 'derogationJustification', s.derogation_justification,
                  'agreementReferences', k.agreement_references
                ), NULL, s.name, s.id
           FROM links k JOIN sub_processors s ON s.id = k.sub_processor_id
          WHERE NOT (s.country = ANY(${eea}))
       ), per_controller AS (
         -- One aggregation for both lists: joining two aggregates, whose sizes the planner cannot estimate, invites a nested loop over them.
         SELECT controller_id,
                json_agg(agreement ORDER BY starts, name, id) FILTER (WHERE agreement IS NOT NULL) AS agreements,
                coalesce(json_agg(transfer ORDER BY name, id) FILTER (WHERE transfer IS NOT NULL), '[]') AS transfers
           FROM parts GROUP BY controller_id
       )
       SELECT c.id, c.name, c.country, c.kvk_number, c.contact_email, c.dpo_name, c.dpo_email, p.agreements, p.transfers
         FROM per_controller p
         JOIN data_controllers c ON c.id = p.controller_id
        ORDER BY c.name, c.id`,
      params,
      CONTROLLERS_PER_FETCH,
    );
  }

  /** Ends the snapshot and returns the connection; a connection the server ended is dropped by the pool. */
  release(): Promise<void> {
    return this.snapshot.release();
  }
}
