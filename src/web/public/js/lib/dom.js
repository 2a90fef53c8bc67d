// Building the DOM from data without innerHTML: text is always text, so nothing from the API can inject markup.

/**
 * @typedef {string | number | Node | null | undefined | false | unknown[]} Child
 * @typedef {{ [key: string]: unknown, class?: string, text?: string, on?: Record<string, EventListener>, dataset?: Record<string, string> }} Props
 */

/**
 * h('button', { class: 'primary', on: { click } }, 'OK'). Props other than class/text/on/dataset are
 * attributes; `true` sets an empty attribute, `false`/null/undefined leave it out.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props | null} [props]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = String(value);
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'on') for (const [type, fn] of Object.entries(/** @type {Record<string, EventListener>} */ (value))) el.addEventListener(type, fn);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'value' && 'value' in el) /** @type {HTMLInputElement} */ (el).value = String(value);
    else if (key === 'checked' && 'checked' in el) /** @type {HTMLInputElement} */ (el).checked = Boolean(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** @param {Element} parent @param {Child[]} children */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === 'object' ? /** @type {Node} */ (child) : String(child));
  }
}

/** Replaces an element's content. @param {Element} el @param {...Child} children */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** @template {Element} T @param {string} selector @param {ParentNode} [root] @returns {T} */
export function $(selector, root = document) {
  const el = root.querySelector(selector);
  if (!el) throw new Error(`missing element ${selector}`);
  return /** @type {T} */ (el);
}

let uid = 0;
/** A unique id for label/for and aria-describedby pairs. @param {string} prefix */
export function nextId(prefix) {
  return `${prefix}-${++uid}`;
}
