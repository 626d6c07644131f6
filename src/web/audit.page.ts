import type { AuditCheckpointView } from '../audit/audit-checkpoints.service';
import type { AuditVerdict } from '../audit/audit.service';
import { html, Html } from './html';
import { viewPage } from './layout';
import { WebContext } from './web-context';
import { wallTime } from './web-format';
import { COMMON_TEXTS, Texts } from './web-texts';

export interface AuditData {
  verdict: AuditVerdict;
  /** The checkpoint taken last (the verdict names the one with the most entries, which it was held against). */
  lastCheckpoint: AuditCheckpointView | null;
  checkedAt: Date;
}

const TEXTS = {
  nl: {
    title: 'Audittrail',
    intro: 'Elke wijziging staat in een keten van ondertekende regels. Deze pagina loopt de hele keten na en legt haar naast het laatste controlepunt.',
    verify: 'Controle van de keten',
    valid: 'De keten is intact',
    invalid: 'De keten is NIET intact',
    entries: 'Regels nagelopen',
    firstInvalid: 'Eerste afwijkende regel',
    problem: 'Probleem',
    checkedAt: 'Gecontroleerd op',
    heldAgainst: 'Vergeleken met controlepunt',
    signedBy: 'Ondertekend met sleutel',
    erasedPayloads: 'Inhoud gewist met de gegevens waar ze over ging',
    checkpoint: 'Laatste controlepunt',
    noCheckpoint: 'Er is nog geen controlepunt vastgelegd.',
    takenAt: 'Vastgelegd op',
    count: 'Aantal regels',
    head: 'Laatste regel',
    hash: 'Hash van de laatste regel',
    key: 'Sleutel',
    trigger: 'Aanleiding',
    schedule: 'periodiek',
    manual: 'handmatig',
    by: 'door',
    signature: 'Handtekening',
    none: '—',
  },
  en: {
    title: 'Audit trail',
    intro: 'Every change is an entry in a chain of signed links. This page walks the whole chain and holds it against the latest checkpoint.',
    verify: 'Chain verification',
    valid: 'The chain is intact',
    invalid: 'The chain is NOT intact',
    entries: 'Entries checked',
    firstInvalid: 'First invalid entry',
    problem: 'Problem',
    checkedAt: 'Checked at',
    heldAgainst: 'Held against checkpoint',
    signedBy: 'Signed with key',
    erasedPayloads: 'Payloads erased with the records they were about',
    checkpoint: 'Latest checkpoint',
    noCheckpoint: 'No checkpoint has been taken yet.',
    takenAt: 'Taken at',
    count: 'Entries',
    head: 'Head entry',
    hash: 'Head hash',
    key: 'Key',
    trigger: 'Trigger',
    schedule: 'scheduled',
    manual: 'on demand',
    by: 'by',
    signature: 'Signature',
    none: '—',
  },
} satisfies Texts<string>;

export function auditPage(web: WebContext, data: AuditData): Html {
  const t = TEXTS[web.lang];
  const lang = web.lang;
  const v = data.verdict;
  const c = data.lastCheckpoint;
  return viewPage(
    web,
    t,
    html` <div class="grid2">
        <section class="panel" aria-labelledby="verify">
          <h2 id="verify">${t.verify}</h2>
          <p class="${v.valid ? 'notice' : 'alert'}" role="status"><strong>${v.valid ? t.valid : t.invalid}</strong></p>
          <dl class="facts">
            <dt>${t.entries}</dt>
            <dd>${v.entries}</dd>
            ${
              v.valid
                ? ''
                : html`<dt>${t.firstInvalid}</dt>
                    <dd><code>${v.firstInvalidId ?? t.none}</code></dd>
                    <dt>${t.problem}</dt>
                    <dd><code>${v.problem ?? ''}</code> ${v.detail ?? ''}</dd>`
            }
            <dt>${t.checkedAt}</dt>
            <dd><time datetime="${data.checkedAt.toISOString()}">${wallTime(data.checkedAt, lang)}</time></dd>
            <dt>${t.heldAgainst}</dt>
            <dd>${v.checkpoint ? html`#${v.checkpoint.id} (${v.checkpoint.entryCount} · ${wallTime(new Date(v.checkpoint.createdAt), lang)})` : t.none}</dd>
            <dt>${t.signedBy}</dt>
            <dd>${v.signedBy.length ? v.signedBy.map((s, i) => html`${i ? ', ' : ''}<code>${s.keyId}</code> (${s.entries})`) : t.none}</dd>
            <dt>${t.erasedPayloads}</dt>
            <dd>${v.erasedPayloads.total}</dd>
          </dl>
        </section>
        <section class="panel" aria-labelledby="checkpoint">
          <h2 id="checkpoint">${t.checkpoint}</h2>
          ${
            c
              ? html`<dl class="facts">
                  <dt>${t.takenAt}</dt>
                  <dd><time datetime="${c.createdAt}">${wallTime(new Date(c.createdAt), lang)}</time> (#${c.id})</dd>
                  <dt>${t.count}</dt>
                  <dd>${c.entryCount}</dd>
                  <dt>${t.head}</dt>
                  <dd>${c.headEntryId ?? t.none}</dd>
                  <dt>${t.hash}</dt>
                  <dd><code class="wrap">${c.headHash}</code></dd>
                  <dt>${t.key}</dt>
                  <dd><code>${c.keyId}</code></dd>
                  <dt>${t.trigger}</dt>
                  <dd>${t[c.trigger]} · ${t.by} ${c.requestedBy}</dd>
                  <dt>${t.signature}</dt>
                  <dd><code class="wrap">${c.signature}</code></dd>
                </dl>`
              : html`<p class="muted">${t.noCheckpoint}</p>`
          }
        </section>
      </div>
      <p><a href="/">${COMMON_TEXTS[lang].back}</a></p>`,
  );
}
