import type { Language } from '../common/language';
import { html, Html } from './html';
import { barePage } from './layout';
import { Texts } from './web-texts';

const TEXTS: Texts<'title' | 'intro' | 'key' | 'hint' | 'submit' | 'refused' | 'signedOut'> = {
  nl: {
    title: 'Aanmelden',
    intro: 'Meld u aan met uw API-sleutel. De sleutel wordt niet bewaard in de browser; u krijgt een sessie van ten hoogste 12 uur.',
    key: 'API-sleutel',
    hint: 'Begint met pat_',
    submit: 'Aanmelden',
    refused: 'Deze sleutel is onbekend of ingetrokken.',
    signedOut: 'U bent afgemeld.',
  },
  en: {
    title: 'Sign in',
    intro: 'Sign in with your API key. The browser does not keep the key; you get a session of at most 12 hours.',
    key: 'API key',
    hint: 'Starts with pat_',
    submit: 'Sign in',
    refused: 'This key is unknown or revoked.',
    signedOut: 'You are signed out.',
  },
};

export interface SignInState {
  next: string;
  refused?: boolean;
  signedOut?: boolean;
}

export function signInPage(lang: Language, state: SignInState): Html {
  const t = TEXTS[lang];
  return barePage(
    lang,
    // The page a sign-in goes on to survives a change of language.
    { path: '/sign-in', query: state.next === '/' ? '' : new URLSearchParams({ next: state.next }).toString() },
    t.title,
    html`<h1>${t.title}</h1>
      ${state.signedOut ? html`<p class="notice" role="status">${t.signedOut}</p>` : ''}
      <p>${t.intro}</p>
      <form method="post" action="/sign-in" class="stacked panel">
        <input type="hidden" name="next" value="${state.next}" />
        <label for="key">${t.key} <span class="hint" id="key-hint">${t.hint}</span></label>
        <input
          id="key"
          name="key"
          type="password"
          autocomplete="off"
          required
          aria-describedby="key-hint${state.refused ? ' key-error' : ''}"
          ${state.refused ? html` aria-invalid="true"` : ''}
          autofocus
        />
        ${state.refused ? html`<p class="field-error" id="key-error">${t.refused}</p>` : ''}
        <button type="submit" class="primary">${t.submit}</button>
      </form>`,
  );
}
