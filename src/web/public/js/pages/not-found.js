// Any browser address the app does not know.
import { h, replace } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { renderPage } from '../lib/layout.js';

export async function render() {
  const main = renderPage({ title: t('notFound.title') });
  replace(
    main,
    h('h1', { text: t('notFound.title') }),
    h('p', { text: t('notFound.text') }),
    h('p', null, h('a', { class: 'button primary', href: '/', text: t('nav.backHome') })),
  );
}
