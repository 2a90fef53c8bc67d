import { expect } from 'chai';
import { createOutageLog, isUnavailable } from '../../src/db/availability.js';
import type { Logger } from '../../src/shared/logger.js';

function recordingLogger() {
  const lines: { level: string; msg: string }[] = [];
  const at = (level: string) => (msg: string) => void lines.push({ level, msg });
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } as unknown as Logger };
}

describe('database availability', () => {
  it('when an error says the server cannot be reached, then it is an outage; a wrong statement or a lock conflict is not', () => {
    for (const err of [
      Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('Query inactivity timeout'), { code: 'PROTOCOL_SEQUENCE_TIMEOUT' }),
      Object.assign(new Error('lost'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }),
      Object.assign(new Error('x'), { name: 'SequelizeConnectionAcquireTimeoutError' }),
      Object.assign(new Error('wrapped'), { parent: { errno: 1053 } }),
    ]) {
      expect(isUnavailable(err), err.message).to.equal(true);
    }
    for (const err of [
      Object.assign(new Error('syntax'), { code: 'ER_PARSE_ERROR', errno: 1064 }),
      Object.assign(new Error('deadlock'), { code: 'ER_LOCK_DEADLOCK', errno: 1213 }),
      Object.assign(new Error('dup'), { code: 'ER_DUP_ENTRY', errno: 1062 }),
      undefined,
    ]) {
      expect(isUnavailable(err), String(err?.message)).to.equal(false);
    }
  });

  it('when many statements fail in one outage, then one error line is logged, and one line when it ends', () => {
    const { lines, logger } = recordingLogger();
    const outage = createOutageLog(logger);
    for (let i = 0; i < 100; i++) outage.failed(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }));
    expect(outage.down).to.equal(true);
    outage.succeeded();
    outage.succeeded();
    expect(outage.down).to.equal(false);
    expect(lines.map((l) => l.level)).to.deep.equal(['error', 'warn']);
  });
});
