// The one error shape every refusal must have: {"error":{"code":string,"message":string,"details":object}}.

/**
 * Why an answer is not in the error shape, or undefined when it is (or need not be: a status under 400, a HEAD or a
 * 304, which carry no body).
 */
export function errorShapeProblem(method: string, status: number, contentType: string | undefined, text: string): string | undefined {
  if (status < 400 || method === 'HEAD' || status === 304) return undefined;
  if (!/^application\/(problem\+)?json\b/i.test(contentType ?? ''))
    return `content-type ${JSON.stringify(contentType ?? null)}, body ${JSON.stringify(text.slice(0, 80))}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `not JSON: ${JSON.stringify(text.slice(0, 80))}`;
  }
  if (!isObject(body) || Object.keys(body).join() !== 'error') return `top level is not { error }: ${text.slice(0, 80)}`;
  const error = body.error;
  if (!isObject(error)) return 'error is not an object';
  if (typeof error.code !== 'string' || error.code === '') return 'error.code is not a string';
  if (typeof error.message !== 'string') return 'error.message is not a string';
  if (!isObject(error.details)) return 'error.details is not an object';
  return undefined;
}

/** error.code of a JSON error answer, if any. */
export function errorCodeOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown } };
    return typeof body?.error?.code === 'string' ? body.error.code : undefined;
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
