import PDFDocument from 'pdfkit';
import { formatAmsterdam } from '../common/time';
import { DeletionCertificate } from './deletion-certificate.service';

const when = (at: Date | null | undefined) => (at ? `${new Date(at).toISOString()} — ${formatAmsterdam(new Date(at))}` : '—');

/** The certificate as a PDF a controller can file: the same facts as the JSON, in reading order. */
export function renderDeletionCertificatePdf(c: DeletionCertificate): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Vernietigingsverklaring ${c.agreement.reference}`, Subject: 'Certificate of deletion' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.fontSize(18).text('Vernietigingsverklaring — Certificate of deletion');
  doc
    .moveDown(0.3)
    .fontSize(10)
    .text(c.complete ? 'All data stores have confirmed erasure.' : 'DRAFT: not every data store has confirmed erasure yet.');
  doc.text(`Issued: ${when(c.issuedAt)}`);

  const heading = (title: string) => doc.moveDown().fontSize(13).text(title).fontSize(10);
  heading('Agreement');
  doc.text(`Reference: ${c.agreement.reference} (${c.agreement.id})`);
  doc.text(`In effect from: ${when(c.agreement.effectiveFrom)}`);
  doc.text(`Terminated: ${when(c.agreement.terminatedAt)}, taking effect ${when(c.agreement.terminationEffectiveAt)}`);
  if (c.agreement.terminationReason) doc.text(`Reason: ${c.agreement.terminationReason}`);
  doc.text(`End of contract: ${c.agreement.endOfContract.action} within ${c.agreement.endOfContract.withinDays} days; due ${when(c.deletion.dueAt)} (${c.deletion.deadlineStatus ?? 'no deadline'})`);

  heading('Parties');
  doc.text(`Controller: ${c.controller.name}, ${c.controller.country}${c.controller.kvkNumber ? `, KvK ${c.controller.kvkNumber}` : ''}`);
  doc.text(`Processor: ${c.processor.name}, ${c.processor.country}${c.processor.kvkNumber ? `, KvK ${c.processor.kvkNumber}` : ''}`);

  if (c.dataExport) {
    heading('Data returned');
    doc.text(
      `Export of ${when(c.dataExport.createdAt)}: ${Object.entries(c.dataExport.recordCounts)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}`,
    );
    doc.text(`SHA-256: ${c.dataExport.sha256} (${c.dataExport.byteSize} bytes, ${c.dataExport.location})`);
  }

  heading('Erased');
  if (c.dataStores.length === 0) doc.text('The agreement lists no data stores.');
  for (const store of c.dataStores) {
    doc.moveDown(0.3).text(`${store.dataStore.name} (${store.method}) — ${store.status}`, { underline: true });
    doc.text(`Requested: ${when(store.requestedAt)}; due: ${when(store.dueAt)}`);
    doc.text(`Confirmed: ${when(store.confirmedAt)}${store.confirmedBy ? ` by ${store.confirmedBy}` : ''}`);
    if (store.evidence) doc.text(`Evidence: ${store.evidence}`);
    if (store.lateReason) doc.text(`Late because: ${store.lateReason}`);
  }

  heading('Kept, and why');
  for (const kept of c.kept) {
    doc.moveDown(0.3).text(`${kept.category}: ${kept.records} record(s), kept until ${kept.keptUntil ? when(kept.keptUntil) : kept.records === 0 ? '—' : 'further notice'}`);
    doc.text(kept.reason);
    doc.text(`Legal basis: ${kept.legalBasis}`);
    if (kept.legalHoldIds.length) doc.text(`Under legal hold: ${kept.legalHoldIds.join(', ')}`);
  }
  doc.end();
  return done;
}
