// How messages leave: a log sender by default, or an HTTP SMS gateway configured by environment.
import type { Logger } from '../../shared/logger.js';
import { maskPhone } from '../../shared/masking.js';

export interface OutgoingMessage {
  id: number;
  phone: string;
  text: string;
  template: string;
  language: string;
}

export interface Sender {
  readonly name: string;
  /** Resolves when the gateway accepted the message; rejects on any failure (the outbox retries with backoff). */
  send(message: OutgoingMessage): Promise<void>;
}

/** Writes each message to the log with the phone masked: for development and for running without a gateway. */
export function logSender(logger: Logger): Sender {
  return {
    name: 'log',
    async send(m) {
      logger.info('notification', { id: m.id, template: m.template, to: maskPhone(m.phone), text: m.text });
    },
  };
}

/**
 * POSTs `{ to, text, template, language, reference }` as JSON to SMS_GATEWAY_URL with
 * `Authorization: Bearer SMS_GATEWAY_TOKEN` and `Idempotency-Key: openday-<id>`; any 2xx is success.
 */
export function httpSmsSender(url: string, token: string | undefined, timeoutMs = 10_000): Sender {
  return {
    name: 'http',
    async send(m) {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `openday-${m.id}`,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ to: m.phone, text: m.text, template: m.template, language: m.language, reference: `openday-${m.id}` }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
    },
  };
}
