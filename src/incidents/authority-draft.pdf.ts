import PDFDocument from 'pdfkit';
import { formatAmsterdam } from '../common/time';
import { AuthorityDraftView, draftTexts } from './authority-draft-texts';

const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const TO_FOLLOW = '#c00000';

/**
 * The draft as a document to work from while filling in the AP's online form: its
 * sections in the form's order, each question with the answer to paste, what is still to
 * follow in red.
 */
export function renderAuthorityDraftPdf(draft: AuthorityDraftView): Promise<Buffer> {
  const t = draftTexts(draft.language);
  const doc = new PDFDocument({ size: 'A4', margin: 56, lang: draft.language, info: { Title: `${draft.title} — ${draft.incidentTitle}`, Subject: draft.title } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const body = () => doc.font(REGULAR).fontSize(10).fillColor('black');
  doc.font(BOLD).fontSize(17).text(draft.title);
  body().moveDown(0.2).text(draft.incidentTitle);
  doc.fillColor('#555555').text(`${t.generatedAt}: ${formatAmsterdam(new Date(draft.generatedAt))}`);
  body();

  for (const section of draft.sections) {
    // A heading is never the last line of a page.
    if (doc.y > doc.page.height - doc.page.margins.bottom - 80) doc.addPage();
    doc.moveDown(0.8).font(BOLD).fontSize(12).fillColor('black').text(section.title).moveDown(0.2);
    body();
    for (const a of section.answers) {
      doc.font(BOLD).text(a.question);
      doc
        .font(REGULAR)
        .fillColor(a.toFollow ? TO_FOLLOW : 'black')
        .text(a.answer, { indent: 12 })
        .moveDown(0.2);
      body();
    }
  }
  doc.end();
  return done;
}
