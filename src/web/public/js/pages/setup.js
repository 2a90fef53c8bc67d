// Organisers set up the week: editions (create, publish, archive, copy to next year), the venue list imported from a
// file with its preview and row errors, and links to each district's summary.
import { ApiError, query } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { notice } from '../lib/layout.js';
import { staffApi, staffPage } from '../lib/staff.js';

/** @typedef {{ id: number, slug: string, name: string, nameEn: string, startDate: string, endDate: string, status: string, venues: number, sessions: number, bookings: number }} AdminEdition */
/** @typedef {{ row: number, column: string | null, code: string, message: string }} RowError */

/** @param {unknown} err */
const errorText = (err) => (err instanceof ApiError ? `${err.code}: ${err.message}` : String(err));

/** @param {string[]} head @param {(string | number | HTMLElement | null)[][]} rows */
function table(head, rows) {
  return h(
    'div',
    { class: 'table-wrap', tabindex: '0', role: 'region' },
    h(
      'table',
      null,
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          head.map((c) => h('th', { scope: 'col', text: c })),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((r) =>
          h(
            'tr',
            null,
            r.map((c) => h('td', null, c === null ? '' : typeof c === 'object' ? c : String(c))),
          ),
        ),
      ),
    ),
  );
}

/** @param {string} id @param {string} label @param {Record<string, string>} [attrs] */
function field(id, label, attrs = {}) {
  return h('p', { class: 'field' }, h('label', { for: id, text: label }), h('input', { id, name: id, required: true, ...attrs }));
}

export async function render() {
  const page = await staffPage({ title: t('setup.title'), current: 'setup', roles: ['organiser'], wide: true });
  if (!page) return;
  const { main } = page;
  const status = h('div', { id: 'setup-status', 'aria-live': 'polite' });
  const editionsBox = h('div', { id: 'editions' });
  const previewBox = h('div', { id: 'import-preview' });
  /** @type {AdminEdition[]} */
  let editions = [];

  /** @param {'info' | 'error'} kind @param {string} text */
  const say = (kind, text) => replace(status, notice(kind, text));

  /** @param {() => Promise<unknown>} action */
  const run = async (action) => {
    try {
      await action();
      say('info', t('setup.done'));
      await drawEditions();
    } catch (err) {
      say('error', errorText(err));
    }
  };

  const editionSelect = h('select', { id: 'import-edition' });

  async function drawEditions() {
    editions = (await staffApi('/api/manage/editions')).items;
    replace(
      editionsBox,
      table(
        [t('setup.name'), t('setup.dates'), t('setup.status'), t('setup.counts'), ''],
        editions.map((e) => [
          `${e.name} (${e.slug})`,
          `${e.startDate} – ${e.endDate}`,
          t(`setup.status.${e.status}`),
          `${e.venues} / ${e.sessions} / ${e.bookings}`,
          h(
            'span',
            { class: 'actions' },
            e.status === 'draft'
              ? h('button', {
                  type: 'button',
                  class: 'button',
                  'data-publish': String(e.id),
                  text: t('setup.publish'),
                  on: { click: () => run(() => staffApi(`/api/manage/editions/${e.id}/publish`, { method: 'POST', body: {} })) },
                })
              : null,
            e.status !== 'archived'
              ? h('button', {
                  type: 'button',
                  class: 'button',
                  text: t('setup.archive'),
                  on: { click: () => run(() => staffApi(`/api/manage/editions/${e.id}/archive`, { method: 'POST', body: {} })) },
                })
              : null,
            h('button', {
              type: 'button',
              class: 'button',
              text: t('setup.copy'),
              on: {
                click: () => {
                  const startDate = prompt(t('setup.copyStart'));
                  const slug = startDate ? prompt(t('setup.copySlug')) : null;
                  if (startDate && slug) void run(() => staffApi(`/api/manage/editions/${e.id}/copy`, { method: 'POST', body: { startDate, slug } }));
                },
              },
            }),
          ),
        ]),
      ),
    );
    replace(
      editionSelect,
      editions.filter((e) => e.status !== 'archived').map((e) => h('option', { value: String(e.id), text: `${e.name} (${t(`setup.status.${e.status}`)})` })),
    );
  }

  const createForm = h(
    'form',
    { id: 'new-edition', class: 'stack' },
    field('slug', t('setup.slug'), { pattern: '[a-z0-9][a-z0-9-]*' }),
    field('nameZh', t('setup.nameZh')),
    field('nameEn', t('setup.nameEn')),
    field('cityZh', t('setup.cityZh')),
    field('cityEn', t('setup.cityEn')),
    field('startDate', t('setup.startDate'), { type: 'date' }),
    field('endDate', t('setup.endDate'), { type: 'date' }),
    field('bookingOpensAt', t('setup.opensAt')),
    h('button', { type: 'submit', class: 'button primary', text: t('setup.create') }),
  );
  createForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const body = Object.fromEntries(new FormData(/** @type {HTMLFormElement} */ (createForm)).entries());
    void run(() => staffApi('/api/manage/editions', { method: 'POST', body }));
  });

  const fileInput = /** @type {HTMLInputElement} */ (h('input', { id: 'import-file', type: 'file', accept: '.csv,.xlsx,text/csv' }));
  const applyButton = /** @type {HTMLButtonElement} */ (
    h('button', { type: 'button', id: 'import-apply', class: 'button primary', disabled: true, text: t('setup.apply') })
  );

  /** @param {boolean} dryRun */
  async function upload(dryRun) {
    const file = fileInput.files?.[0];
    if (!file) return;
    const res = await fetch(`/api/manage/venues/import${query({ dryRun, editionId: editionSelect.value || undefined })}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': file.type || 'application/octet-stream' },
      body: file,
    });
    const body = await res.json();
    /** @type {RowError[]} */
    const errors = res.ok ? body.errors : (body.error?.details?.errors ?? []);
    if (!res.ok && errors.length === 0) throw new ApiError(res.status, body.error?.code ?? 'http_' + res.status, body.error?.message ?? '');
    applyButton.disabled = !dryRun || errors.length > 0;
    replace(
      previewBox,
      dryRun ? null : notice(res.ok ? 'info' : 'error', res.ok ? `${t('setup.imported')}: ${body.rows}` : `${body.error.code}`),
      res.ok
        ? h('p', {
            id: 'import-counts',
            text: `${t('setup.toCreate')}: ${body.toCreate.length} · ${t('setup.toUpdate')}: ${body.toUpdate.length} · ${t('setup.errors')}: ${errors.length}`,
          })
        : null,
      errors.length > 0
        ? h(
            'div',
            { id: 'import-errors' },
            h('h3', { text: t('setup.errors') }),
            table(
              [t('setup.row'), t('setup.column'), t('setup.code'), t('setup.message')],
              errors.map((e) => [e.row, e.column, e.code, e.message]),
            ),
          )
        : null,
      res.ok && dryRun
        ? table(
            [t('setup.row'), 'code', t('setup.name')],
            [...body.toCreate, ...body.toUpdate].map((r) => [r.row, r.code, r.nameZh]),
          )
        : null,
    );
    if (!dryRun && res.ok) await drawEditions();
  }
  const previewButton = h('button', {
    type: 'button',
    id: 'import-preview-button',
    class: 'button',
    text: t('setup.preview'),
    on: { click: () => void upload(true).catch((err) => say('error', errorText(err))) },
  });
  applyButton.addEventListener('click', () => void upload(false).catch((err) => say('error', errorText(err))));

  replace(
    main,
    h('h1', { text: t('setup.title') }),
    status,
    h('h2', { text: t('setup.editions') }),
    editionsBox,
    h('details', null, h('summary', { text: t('setup.new') }), createForm),
    h('h2', { text: t('setup.import') }),
    h('p', { text: t('setup.importHelp') }),
    h(
      'p',
      null,
      h('a', { href: '/api/manage/venues/import-template.csv', text: `${t('setup.template')} (CSV)` }),
      ' · ',
      h('a', { href: '/api/manage/venues/import-template.xlsx', text: `${t('setup.template')} (.xlsx)` }),
    ),
    h('p', { class: 'field' }, h('label', { for: 'import-edition', text: t('setup.importEdition') }), editionSelect),
    h('p', { class: 'field' }, h('label', { for: 'import-file', text: t('setup.file') }), fileInput),
    h('p', null, previewButton, ' ', applyButton),
    previewBox,
    h('h2', { text: t('setup.summaries') }),
    h(
      'p',
      null,
      h('a', { href: '/api/reports/district-summary?format=html', target: '_blank', text: t('setup.allDistricts') }),
      ' · ',
      h('a', { href: '/api/reports/week?format=html', target: '_blank', text: t('nav.overview') }),
    ),
  );
  await drawEditions();
}
