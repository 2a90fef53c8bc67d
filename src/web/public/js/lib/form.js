// Form fields with their error line: label, input, hint and error tied together for screen readers.
import { h, nextId } from './dom.js';
import { t } from './i18n.js';

/**
 * @typedef {{ wrap: HTMLElement, input: HTMLInputElement | HTMLSelectElement, error: HTMLElement, setError: (message: string | undefined) => void }} Field
 */

/**
 * @param {{ label: string, hint?: string, input: HTMLInputElement | HTMLSelectElement, name: string }} opts
 * @returns {Field}
 */
export function field({ label, hint, input, name }) {
  const id = input.id || nextId(name.replace(/\W/g, '-'));
  input.id = id;
  input.name = name;
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : undefined;
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });
  const wrap = h(
    'div',
    { class: 'field', dataset: { field: name } },
    h('label', { for: id, text: label }),
    hint ? h('p', { id: hintId, class: 'hint', text: hint }) : null,
    error,
    input,
  );
  input.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  return {
    wrap,
    input,
    error,
    setError(message) {
      error.textContent = message ?? '';
      error.hidden = !message;
      wrap.classList.toggle('has-error', Boolean(message));
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    },
  };
}

/** A text input with sensible phone-keyboard settings. @param {Record<string, unknown>} [attrs] */
export function textInput(attrs = {}) {
  return h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', ...attrs });
}

/**
 * The box above a form that says how many problems there are, each a link to its field.
 * @param {HTMLElement} box
 * @param {{ field?: Field, message: string }[]} problems
 */
export function showSummary(box, problems) {
  box.replaceChildren();
  if (!problems.length) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  box.append(
    h('h2', { text: problems.length === 1 ? t('form.oneProblem') : t('form.problems', { n: problems.length }) }),
    h(
      'ul',
      null,
      problems.map((p) =>
        h(
          'li',
          null,
          p.field
            ? h('a', {
                href: `#${p.field.input.id}`,
                text: p.message,
                on: {
                  click: (ev) => {
                    ev.preventDefault();
                    p.field?.input.focus();
                  },
                },
              })
            : p.message,
        ),
      ),
    ),
  );
  box.focus();
}

/**
 * A row of chips of which exactly one is pressed (a day picker, say). Clicking one presses it, releases the others
 * and calls `onPick` with its value.
 * @param {{ values: string[], selected: string, content: (value: string) => import('./dom.js').Child, onPick: (value: string) => void, attrs?: Record<string, unknown> }} opts
 * @returns {HTMLButtonElement[]}
 */
export function choiceChips({ values, selected, content, onPick, attrs = {} }) {
  const buttons = values.map((value) =>
    h(
      'button',
      {
        ...attrs,
        type: 'button',
        class: 'chip',
        'aria-pressed': String(value === selected),
        dataset: { value },
        on: {
          click: () => {
            for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.value === value));
            onPick(value);
          },
        },
      },
      content(value),
    ),
  );
  return buttons;
}
