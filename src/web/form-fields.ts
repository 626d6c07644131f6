import { html, Html } from './html';
import type { FormState } from './web-validation';

/** A form control: labelled, its hint and its message tied to it for screen readers, marked invalid when refused. */
interface FieldSpec {
  /** The form's id, so two forms on a page can have a field of the same name. */
  form: string;
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
  state?: FormState;
}

/** A field named by its path in the API's body (`reporter.email`) gets an id CSS selects without escaping. */
const idOf = (spec: FieldSpec) => `${spec.form}-${spec.name.replace(/\./g, '-')}`;
const valueOf = (spec: FieldSpec, fallback = '') => {
  const value = spec.state?.values[spec.name];
  return typeof value === 'string' ? value : fallback;
};

function messages(spec: FieldSpec): string[] {
  return (spec.state?.errors ?? []).filter((e) => e.field === spec.name || e.field.startsWith(`${spec.name}.`)).map((e) => e.message);
}

function wrap(spec: FieldSpec, control: (attributes: Html) => Html): Html {
  const id = idOf(spec);
  const errors = messages(spec);
  const describedBy = [spec.hint ? `${id}-hint` : '', errors.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  const attributes = html`id="${id}"
  name="${spec.name}"${spec.required ? html` required` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${errors.length ? html` aria-invalid="true"` : ''}`;
  return html`<label for="${id}">${spec.label}${spec.hint ? html` <span class="hint" id="${id}-hint">${spec.hint}</span>` : ''}</label> ${control(attributes)}
    ${errors.length ? html`<p class="field-error" id="${id}-error">${errors.join(' ')}</p>` : ''}`;
}

export function textField(spec: FieldSpec & { type?: 'text' | 'datetime-local' | 'email' | 'tel' | 'number'; value?: string }): Html {
  return wrap(spec, (attributes) => html`<input type="${spec.type ?? 'text'}" ${attributes} value="${valueOf(spec, spec.value)}" />`);
}

export function textArea(spec: FieldSpec): Html {
  return wrap(spec, (attributes) => html`<textarea ${attributes} rows="3">${valueOf(spec)}</textarea>`);
}

export function selectField(spec: FieldSpec & { options: { value: string; label: string }[]; empty?: string }): Html {
  const chosen = valueOf(spec);
  return wrap(
    spec,
    (attributes) =>
      html`<select ${attributes}>
        ${spec.empty !== undefined ? html`<option value="">${spec.empty}</option>` : ''}
        ${spec.options.map((o) => html`<option value="${o.value}" ${o.value === chosen ? html`selected` : ''}>${o.label}</option>`)}
      </select>`,
  );
}

/**
 * Controls that answer one question together (a group of checkboxes, a choice made two
 * ways), under a legend; the messages shown are those for exactly this field, as each
 * control inside shows its own.
 */
export function fieldset(spec: FieldSpec, content: Html): Html {
  const id = idOf(spec);
  const errors = (spec.state?.errors ?? []).filter((e) => e.field === spec.name).map((e) => e.message);
  const describedBy = [spec.hint ? `${id}-hint` : '', errors.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<fieldset id="${id}" ${describedBy ? html`aria-describedby="${describedBy}"` : ''}>
    <legend>${spec.label}</legend>
    ${spec.hint ? html`<p class="hint" id="${id}-hint">${spec.hint}</p>` : ''} ${errors.length ? html`<p class="field-error" id="${id}-error">${errors.join(' ')}</p>` : ''} ${content}
  </fieldset>`;
}

const chosenValues = (spec: FieldSpec) => new Set([spec.state?.values[spec.name] ?? []].flat());

/** Several of a list, as checkboxes under one legend; what was ticked stays ticked after a refusal. */
export function checkboxGroup(spec: FieldSpec & { options: { value: string; label: string; note?: string }[]; scroll?: boolean }): Html {
  const chosen = chosenValues(spec);
  return fieldset(
    spec,
    html`<div class="choices${spec.scroll ? ' scroll' : ''}">
      ${spec.options.map(
        (o, i) =>
          html`<label class="choice" for="${idOf(spec)}-${i}"
            ><input type="checkbox" id="${idOf(spec)}-${i}" name="${spec.name}" value="${o.value}" ${chosen.has(o.value) ? html`checked` : ''} />
            <span>${o.label}${o.note ? html` <span class="muted">${o.note}</span>` : ''}</span></label
          >`,
      )}
    </div>`,
  );
}

/** One yes-or-no checkbox sending `value` when ticked, with its own messages. */
export function checkboxField(spec: FieldSpec & { value: string }): Html {
  const id = idOf(spec);
  const errors = messages(spec);
  return html`<label class="choice" for="${id}"
      ><input
        type="checkbox"
        id="${id}"
        name="${spec.name}"
        value="${spec.value}"
        ${chosenValues(spec).has(spec.value) ? html`checked` : ''}
        ${errors.length ? html`aria-invalid="true" aria-describedby="${id}-error"` : ''}
      />
      <span>${spec.label}</span></label
    >
    ${errors.length ? html`<p class="field-error" id="${id}-error">${errors.join(' ')}</p>` : ''}`;
}

/** Messages that belong to no field of this form (a rule of the domain, a refused state), shown above it. */
export function formAlert(state: FormState | undefined, fields: readonly string[], intro: string): Html {
  if (!state) return html``;
  const loose = state.errors.filter((e) => !fields.some((f) => e.field === f || e.field.startsWith(`${f}.`)));
  return html`<div class="alert" role="alert">
    <p>${intro}</p>
    ${
      loose.length
        ? html`<ul>
            ${loose.map((e) => html`<li>${e.message}</li>`)}
          </ul>`
        : ''
    }
  </div>`;
}
