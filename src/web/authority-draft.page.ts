import type { AuthorityDraftView } from '../incidents/authority-draft-texts';
import { html, Html } from './html';
import { page } from './layout';
import { WebContext } from './web-context';
import { wallTime } from './web-format';
import { Texts } from './web-texts';

const TEXTS: Texts<'back' | 'pdf' | 'generated' | 'toFollow' | 'answers' | 'follows' | 'intro'> = {
  nl: {
    back: 'Terug naar het datalek',
    pdf: 'Downloaden als PDF',
    generated: 'Opgesteld',
    toFollow: 'Volgt nog',
    answers: 'antwoorden; de melding kan nu al worden gedaan en later worden aangevuld.',
    follows: 'volgt',
    intro: 'De vragen van het meldformulier van de Autoriteit Persoonsgegevens, beantwoord uit het register. Wat nog niet bekend is, volgt (art. 33(4) AVG).',
  },
  en: {
    back: 'Back to the breach',
    pdf: 'Download as PDF',
    generated: 'Drawn up',
    toFollow: 'Still to follow',
    answers: 'answers; the notification can be made now and completed later.',
    follows: 'to follow',
    intro: "The questions of the Dutch DPA's notification form, answered from the register. What is not known yet follows (Art. 33(4) GDPR).",
  },
};

export function authorityDraftPage(web: WebContext, incidentId: string, draft: AuthorityDraftView): Html {
  const t = TEXTS[web.lang];
  return page(
    web,
    draft.title,
    html`<p><a href="/breaches/${incidentId}">← ${t.back}</a></p>
      <h1>${draft.title}</h1>
      <p class="sub">${draft.incidentTitle} · ${t.generated} ${wallTime(new Date(draft.generatedAt), web.lang)}</p>
      <p>${t.intro}</p>
      <p><a class="button" href="/breaches/${incidentId}/authority-draft.pdf" download>${t.pdf}</a></p>
      ${draft.toFollow.length ? html`<p class="alert"><strong>${t.toFollow}:</strong> ${draft.toFollow.length} ${t.answers}</p>` : ''}
      <div class="draft">
        ${draft.sections.map(
          (s) =>
            html`<section class="panel" aria-labelledby="section-${s.key}">
              <h2 id="section-${s.key}">${s.title}</h2>
              <dl class="facts">
                ${s.answers.map(
                  (a) =>
                    html`<dt>${a.question}</dt>
                      <dd>${a.toFollow ? html`<span class="badge soon">${t.follows}</span>` : a.answer}</dd>`,
                )}
              </dl>
            </section>`,
        )}
      </div>`,
  );
}
