import { HttpStatus, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ProcessingAgreement } from '../agreements/processing-agreement.entity';
import { Clock } from '../common/clock';
import { notFound, ProblemException } from '../common/problem';
import { DataExport } from './data-export.entity';

export interface DataExportView {
  id: string;
  createdAt: Date;
  /** Where the export is kept: its row, downloadable at GET /agreements/:id/data-export. */
  location: string;
  mediaType: string;
  byteSize: number;
  sha256: string;
  recordCounts: Record<string, number>;
  contentPurgedAt: Date | null;
}

/**
 * "Return" at contract end (Art. 28(3)(g)): the controller's records as one JSON
 * document, stored with its checksum before any erasure is requested.
 */
@Injectable()
export class DataExportService {
  constructor(private readonly clock: Clock) {}

  /** Idempotent: an agreement is exported once. */
  async ensureExport(manager: EntityManager, agreement: ProcessingAgreement): Promise<DataExport> {
    const existing = await manager.findOne(DataExport, { where: { agreementId: agreement.id } });
    if (existing) return existing;
    // The API's own field names, so the controller reads its records as the API shows them.
    const [controller] = await manager.query<Record<string, unknown>[]>(
      `SELECT id, name, country, kvk_number AS "kvkNumber", contact_email AS "contactEmail", dpo_email AS "dpoEmail" FROM data_controllers WHERE id = $1`,
      [agreement.controllerId],
    );
    const contacts = await manager.query<unknown[]>(
      `SELECT id, name, email, phone, role, last_activity_at AS "lastActivityAt", anonymized_at AS "anonymizedAt", created_at AS "createdAt"
       FROM contacts WHERE controller_id = $1 ORDER BY created_at, id`,
      [agreement.controllerId],
    );
    const invoices = await manager.query<unknown[]>(
      `SELECT id, number, issued_at AS "issuedAt", amount_cents::float8 AS "amountCents", currency, billing_name AS "billingName",
              billing_address AS "billingAddress", billing_email AS "billingEmail", anonymized_at AS "anonymizedAt"
       FROM invoices WHERE controller_id = $1 ORDER BY issued_at, id`,
      [agreement.controllerId],
    );
    const exportedAt = this.clock.now();
    const document = {
      exportedAt: exportedAt.toISOString(),
      agreement: { id: agreement.id, reference: agreement.reference, endOfContractAction: agreement.endOfContractAction },
      controller,
      contacts,
      invoices,
    };
    const content = Buffer.from(JSON.stringify(document, null, 2), 'utf8');
    return manager.save(
      manager.create(DataExport, {
        agreementId: agreement.id,
        controllerId: agreement.controllerId,
        mediaType: 'application/json',
        content,
        byteSize: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        recordCounts: { contacts: contacts.length, invoices: invoices.length },
        // The data_export retention period runs from here, so it is the service's clock, not the database's.
        createdAt: exportedAt,
      }),
    );
  }

  async findView(manager: EntityManager, agreementId: string): Promise<DataExportView | null> {
    const found = await manager.findOne(DataExport, { where: { agreementId } });
    return found ? toView(found) : null;
  }

  async download(manager: EntityManager, agreementId: string): Promise<{ content: Buffer; sha256: string; mediaType: string }> {
    const found = await manager.findOne(DataExport, { where: { agreementId }, select: { id: true, content: true, sha256: true, mediaType: true, contentPurgedAt: true } });
    if (!found) throw notFound('Data export of agreement', agreementId);
    if (found.contentPurgedAt) throw new ProblemException(HttpStatus.GONE, `the export was purged at ${found.contentPurgedAt.toISOString()} under the data_export retention policy`);
    return found;
  }
}

function toView(e: DataExport): DataExportView {
  return {
    id: e.id,
    createdAt: e.createdAt,
    location: `data_exports/${e.id} (GET /api/v1/agreements/${e.agreementId}/data-export)`,
    mediaType: e.mediaType,
    byteSize: e.byteSize,
    sha256: e.sha256,
    recordCounts: e.recordCounts,
    contentPurgedAt: e.contentPurgedAt,
  };
}
