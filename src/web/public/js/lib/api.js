// fetch() for the JSON API: the staff session rides in its httpOnly cookie, so pages never handle tokens.
import { apiText, t } from './i18n.js';

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   * @param {any} [details]
   */
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details ?? {};
  }

  /** Field problems of a validation_failed answer. @returns {{ field: string, message: string, type: string }[]} */
  get fields() {
    return Array.isArray(this.details.fields) ? this.details.fields : [];
  }

  /** The 404 the server gives for an address no route answers (as opposed to an unknown id). */
  get isMissingRoute() {
    return (this.status === 404 && typeof this.details.path === 'string') || this.status === 405;
  }
}

/**
 * @param {string} path
 * @param {{ method?: string, body?: unknown, headers?: Record<string, string> }} [opts]
 * @returns {Promise<any>}
 */
export async function api(path, opts = {}) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json', ...opts.headers };
  /** @type {RequestInit} */
  // `no-cache`: the browser asks again each time (a cheap 304 while nothing changed) instead of showing a stale copy
  // for the catalogue's stale-while-revalidate seconds, which are meant for a proxy's micro-cache, not for the page
  // a family just reopened.
  const init = { method: opts.method ?? 'GET', headers, credentials: 'same-origin', cache: /** @type {RequestCache} */ ('no-cache') };
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(opts.body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network', t('error.network'));
  }
  if (res.status === 204) return undefined;
  const text = await res.text();
  /** @type {any} */
  let body;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const err = body?.error;
    throw new ApiError(res.status, err?.code ?? 'http_' + res.status, err ? apiText(err.message) : t('error.server'), err?.details);
  }
  return body;
}

/** A query string from the defined, non-empty values. @param {Record<string, string | number | boolean | undefined | null>} params */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A key that makes a retried POST safe (Idempotency-Key). */
export function idempotencyKey() {
  return 'web-' + (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(36).slice(2));
}
