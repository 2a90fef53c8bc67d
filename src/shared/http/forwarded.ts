// Which X-Forwarded-* headers to believe. The client's address decides every per-address limit, so a header any client
// can write must not: only a request whose peer is one of the configured reverse proxies (TRUSTED_PROXIES) keeps its
// forwarded headers, and then the client is the nearest address in X-Forwarded-For that is not itself a trusted proxy.
// Every other request has them removed before Koa (which runs with `proxy` on) reads them.
import { BlockList, isIP } from 'node:net';
import type { Context, Next } from 'koa';

const FORWARDED = ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'forwarded', 'x-real-ip'];

/** One address or CIDR range (10.0.0.0/8, ::1, fd00::/8); undefined when it is neither. */
function parse(entry: string): { address: string; prefix?: number; type: 'ipv4' | 'ipv6' } | undefined {
  const [address, prefixText, extra] = entry.split('/');
  const family = isIP(address ?? '');
  if (!address || !family || extra !== undefined) return undefined;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (prefixText === undefined) return { address, type };
  const prefix = Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText) || prefix > (family === 4 ? 32 : 128)) return undefined;
  return { address, prefix, type };
}

/** The entries that are not an address or a CIDR range (for the configuration's error message). */
export function invalidProxyEntries(entries: readonly string[]): string[] {
  return entries.filter((e) => !parse(e));
}

export function trustedProxies(entries: readonly string[]) {
  const list = new BlockList();
  for (const entry of entries) {
    const p = parse(entry)!;
    if (p.prefix === undefined) list.addAddress(p.address, p.type);
    else list.addSubnet(p.address, p.prefix, p.type);
  }
  /** ::ffff:127.0.0.1 (an IPv4 peer on a dual-stack socket) is checked as 127.0.0.1. */
  const trusted = (address: string): boolean => {
    const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
    const family = isIP(plain);
    return family !== 0 && list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
  };
  return { trusted, any: entries.length > 0 };
}

export function forwardedHeaders(entries: readonly string[]) {
  const proxies = trustedProxies(entries);
  return async function believeTrustedProxies(ctx: Context, next: Next): Promise<void> {
    const headers = ctx.req.headers;
    const peer = ctx.req.socket.remoteAddress ?? '';
    if (!proxies.any || !proxies.trusted(peer)) {
      for (const h of FORWARDED) delete headers[h];
      return next();
    }
    // Walk the chain from the nearest hop: the first address that is not a trusted proxy is the client.
    const chain = String(headers['x-forwarded-for'] ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    let client = peer;
    for (let i = chain.length - 1; i >= 0; i--) {
      client = chain[i]!;
      if (!proxies.trusted(client)) break;
    }
    headers['x-forwarded-for'] = isIP(client) ? client : peer;
    delete headers['forwarded'];
    delete headers['x-real-ip'];
    return next();
  };
}
