import PDFDocument from 'pdfkit';
import { formatAmsterdamDate } from '../common/time';
import { DeletionCertificate } from './deletion-certificate.service';
import { certificateTexts } from './deletion-certificate-texts';

const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';

/** The document's file name: what it is, in its language, a draft marked as one, and the agreement's reference. */
export function deletionCertificateFileName(c: DeletionCertificate): string {
  const name = `${c.status === 'draft' ? 'concept-' : ''}${c.language === 'en' ? 'certificate-of-deletion' : 'vernietigingsverklaring'}-${c.agreement.reference}`;
  return `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
}

/**
 * The certificate as a document a controller can file: the declaration first, then the
 * facts it rests on, who confirms and the code that verifies it. A draft says so in its
 * title and across every page, so it cannot be mistaken for the declaration.
 */
export function renderDeletionCertificatePdf(c: DeletionCertificate): Promise<Buffer> {
  const t = certificateTexts(c.language);
  const doc = new PDFDocument({ size: 'A4', margin: 56, lang: c.language, info: { Title: `${t.title(c)} — ${c.agreement.reference}`, Subject: t.title(c) } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const draft = c.status === 'draft';
  const watermark = () => {
    if (!draft) return;
    const { x, y } = doc;
    const [cx, cy] = [doc.page.width / 2, doc.page.height / 2];
    doc
      .save()
      .rotate(-45, { origin: [cx, cy] })
      .fillColor('#c00000')
      .fillOpacity(0.12)
      .font(BOLD)
      .fontSize(120);
    doc.text(t.watermark, cx - doc.widthOfString(t.watermark) / 2, cy - 60, { lineBreak: false });
    doc.restore();
    [doc.x, doc.y] = [x, y];
  };
  watermark();
  doc.on('pageAdded', watermark);

  const body = () => doc.font(REGULAR).fontSize(10).fillColor('black');
  const heading = (title: string) => {
    // A heading is never the last line of a page.
    if (doc.y > doc.page.height - doc.page.margins.bottom - 90) doc.addPage();
    doc.moveDown(0.8).font(BOLD).fontSize(12).fillColor('black').text(title).moveDown(0.2);
    body();
  };
  const line = (label: string, value: string) => doc.font(BOLD).text(`${label}: `, { continued: true }).font(REGULAR).text(value);

  doc
    .font(BOLD)
    .fontSize(20)
    .fillColor(draft ? '#c00000' : 'black')
    .text(t.title(c));
  body().moveDown(0.2).text(`${t.labels.reference}: ${c.agreement.reference}`);
  doc.moveDown(0.6).fontSize(11).text(c.statement);
  body();

  heading(t.headings.parties);
  line(t.labels.processor, `${c.processor.name}, ${c.processor.country}${c.processor.kvkNumber ? `, ${t.labels.kvk} ${c.processor.kvkNumber}` : ''}`);
  line(t.labels.controller, `${c.controller.name}, ${c.controller.country}${c.controller.kvkNumber ? `, ${t.labels.kvk} ${c.controller.kvkNumber}` : ''}`);

  heading(t.headings.agreement);
  line(t.labels.effectiveFrom, t.instant(c.agreement.effectiveFrom));
  if (c.agreement.endsAt) line(t.labels.endsAt, t.instant(c.agreement.endsAt));
  if (c.agreement.terminatedAt) line(t.labels.terminated, `${t.instant(c.agreement.terminatedAt)}, ${t.labels.takingEffect} ${t.instant(c.agreement.terminationEffectiveAt)}`);
  if (c.agreement.terminationReason) line(t.labels.reason, c.agreement.terminationReason);
  if (c.agreement.endedAt && c.agreement.endedBy) line(t.labels.ended, `${t.instant(c.agreement.endedAt)} (${t.endedBy(c.agreement.endedBy)})`);
  line(t.labels.endOfContract, t.action(c.agreement.endOfContract.action, c.agreement.endOfContract.withinDays));

  heading(t.headings.deadline);
  line(t.labels.due, t.through(c.deletion.dueAt));
  line(t.labels.deadlineStatus, t.deadlineStatus(c.deletion.deadlineStatus));
  if (c.deletion.completedAt) line(t.labels.completed, t.instant(c.deletion.completedAt));
  if (c.deletion.late && c.deletion.lateReason) line(t.labels.lateBecause, c.deletion.lateReason);

  if (c.dataStores.length) {
    heading(t.headings.stores);
    for (const store of c.dataStores) {
      doc
        .moveDown(0.3)
        .font(BOLD)
        .text(`${store.dataStore.name} — ${t.method(store.method)}, ${t.taskStatus(store.status)}`);
      body();
      line(t.labels.requested, t.instant(store.requestedAt));
      line(t.labels.confirmed, store.confirmedAt ? `${t.instant(store.confirmedAt)} ${t.labels.by} ${t.person({ name: store.confirmedBy ?? '—', function: store.confirmedByFunction })}` : '—');
      if (store.evidence) line(t.labels.evidence, store.evidence);
      if (store.lateReason) line(t.labels.lateBecause, store.lateReason);
      if (store.returned) {
        line(t.labels.returnedTo, store.returned.location + (store.returned.description ? ` — ${store.returned.description}` : ''));
        if (store.returned.checksum) line(t.labels.checksum, store.returned.checksum);
      }
    }
  } else {
    heading(t.headings.recorded);
    doc.text(t.labels.noStores);
    const r = c.deletionConfirmation;
    if (r) {
      line(t.labels.what, r.erased);
      line(t.labels.where, r.location);
      line(t.labels.evidence, r.evidence);
      line(t.labels.confirmed, `${t.instant(r.confirmedAt)} ${t.labels.by} ${t.person(r.confirmedBy)}`);
      if (r.lateReason) line(t.labels.lateBecause, r.lateReason);
    }
  }

  if (c.dataExport) {
    heading(t.headings.returned);
    line(
      t.labels.export,
      `${t.instant(c.dataExport.createdAt)}: ${Object.entries(c.dataExport.recordCounts)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}`,
    );
    line(t.labels.checksum, `SHA-256 ${c.dataExport.sha256} (${c.dataExport.byteSize} bytes)`);
  }

  heading(t.headings.kept);
  for (const kept of c.kept) {
    doc
      .moveDown(0.3)
      .font(BOLD)
      .text(`${t.category(kept.category)}: ${kept.records} ${t.labels.records}, ${kept.keptUntilText}`);
    body();
    if (kept.records === 0) continue;
    doc.text(kept.reason);
    line(t.labels.legalBasis, kept.legalBasis);
    if (kept.legalHoldIds.length) line(t.labels.legalHold, kept.legalHoldIds.join(', '));
  }

  heading(t.headings.confirmation);
  if (c.declaration.date) {
    line(t.labels.confirmedBy, c.declaration.confirmedBy.map((p) => t.person(p)).join('; '));
    line(t.labels.date, formatAmsterdamDate(c.declaration.date));
  } else {
    doc.fillColor('#c00000').text(t.labels.notConfirmed);
    body();
  }

  heading(t.headings.verification);
  line(t.labels.hash, c.verification.hash);
  line(t.labels.verify, `GET ${c.verification.verifyPath}`);
  line(t.labels.issued, t.instant(c.issuedAt));
  doc.end();
  return done;
}
