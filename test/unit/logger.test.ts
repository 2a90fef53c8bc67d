import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { batchedLines, createLogger } from '../../src/shared/logger.js';
import { projectRoot } from '../../src/shared/project-root.js';

/** A logger writing into an array, one record per line. */
function captured(level: 'debug' | 'info' = 'info') {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (l: string) => lines.push(l) });
  return { logger, records: () => lines.map((l) => JSON.parse(l) as Record<string, any>) };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('log lines', () => {
  it('when several lines are logged in one turn, then they go out in one write, in order', async () => {
    const writes: string[] = [];
    const logger = createLogger('info', batchedLines({ fd: -1, write: (text) => writes.push(text) }));
    logger.info('one');
    logger.info('two');
    expect(writes).to.deep.equal([]);
    await nextTurn();
    expect(writes).to.have.length(1);
    expect(
      writes[0]!
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { msg: string }).msg),
    ).to.deep.equal(['one', 'two']);
    logger.info('three');
    await nextTurn();
    expect(writes).to.have.length(2);
  });

  it('when the process exits in the turn that logged, then the pending lines are still written', () => {
    const script = [
      "import { createLogger } from './src/shared/logger.ts';",
      "const logger = createLogger('info');",
      "logger.info('first');",
      "logger.error('last words', { code: 3 });",
      'process.exit(3);',
    ].join('\n');
    let stdout = '';
    try {
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: projectRoot, encoding: 'utf8' });
    } catch (err) {
      const e = err as { status: number; stdout: string };
      expect(e.status).to.equal(3);
      stdout = e.stdout;
    }
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; code?: number });
    expect(lines.map((l) => l.msg)).to.deep.equal(['first', 'last words']);
    expect(lines[1]!.code).to.equal(3);
  });
});

describe('log records', () => {
  it('when a field holds an Error, then its type, message and stack are written beside the other fields', () => {
    const { logger, records } = captured();
    logger.debug('not at this level');
    logger.error('job failed', { job: 'outbox', err: new RangeError('out of range'), cause: new TypeError('bad') });
    expect(records()).to.have.length(1);
    const record = records()[0]!;
    expect(record).to.include({ level: 'error', msg: 'job failed', job: 'outbox' });
    expect(record.err).to.include({ type: 'RangeError', message: 'out of range' });
    expect(record.err.stack).to.match(/^RangeError: out of range\n\s+at /);
    expect(record.cause).to.include({ type: 'TypeError', message: 'bad' });
    expect(new Date(record.time).toISOString()).to.equal(record.time);
  });

  it('when a driver error holds the statement and its values, then only its type, code and a masked message are written', () => {
    const { logger, records } = captured();
    const driver = Object.assign(new Error("Duplicate entry '13812345678-14010519850101123X' for key 'x'"), {
      code: 'ER_DUP_ENTRY',
      errno: 1062,
      sql: "INSERT INTO bookings (contact_name, contact_phone) VALUES ('欧阳振华', '13812345678')",
      parameters: ['欧阳振华', '13812345678'],
    });
    const wrapped = Object.assign(new Error('SQLITE_ERROR: unrecognized token: "\'a\u0000b"'), {
      name: 'SequelizeDatabaseError',
      original: driver,
      sql: driver.sql,
    });
    logger.error('unexpected error', { err: wrapped, other: driver });
    const line = JSON.stringify(records()[0]);
    for (const secret of ['欧阳振华', '13812345678', '14010519850101123X', 'INSERT INTO', '\\u0000']) expect(line, secret).to.not.include(secret);
    const record = records()[0]!;
    expect(record.err).to.include({ type: 'SequelizeDatabaseError' });
    expect(record.err.message).to.equal('SQLITE_ERROR: unrecognized token: "\'a\ufffdb"');
    expect(record.err.cause).to.include({ type: 'Error', code: 'ER_DUP_ENTRY', errno: 1062 });
    expect(record.err.cause.message).to.equal("Duplicate entry '138****5678-1401**********123X' for key 'x'");
    expect(record.other.stack).to.match(/^Error: Duplicate entry '138\*{4}5678/);
  });

  it('when a phone or an ID number reaches a log record, then it is masked by its field name', () => {
    const { logger, records } = captured();
    logger.info('oops', {
      phone: '13812345678',
      contact: { phone: '13912345678', name: '王' },
      idNumber: '14010519850101123X',
      visitors: [{ idNumber: '140105198501011234' }],
    });
    const r = records()[0]!;
    expect(r.phone).to.equal('138****5678');
    expect(r.contact).to.deep.equal({ phone: '139****5678', name: '王' });
    expect(r.idNumber).to.equal('1401**********123X');
    expect(r.visitors[0].idNumber).to.equal('1401**********1234');
    expect(JSON.stringify(r)).not.to.match(/13812345678|13912345678|19850101/);
  });
});
