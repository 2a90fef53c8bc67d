import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { batchedLines, createLogger } from '../../src/shared/logger.js';
import { projectRoot } from '../../src/shared/project-root.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('log lines', () => {
  it('when several lines are logged in one turn, then they go out in one write, in order', async () => {
    const writes: string[] = [];
    const line = batchedLines({ fd: -1, write: (text) => writes.push(text) });
    line('{"msg":"one"}');
    line('{"msg":"two"}');
    expect(writes).to.deep.equal([]);
    await nextTurn();
    expect(writes).to.deep.equal(['{"msg":"one"}\n{"msg":"two"}\n']);
    line('{"msg":"three"}');
    await nextTurn();
    expect(writes).to.deep.equal(['{"msg":"one"}\n{"msg":"two"}\n', '{"msg":"three"}\n']);
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
  it('when a field holds an Error, then its name, message and stack are written beside the other fields', () => {
    const lines: string[] = [];
    const logger = createLogger('info', (l) => lines.push(l));
    logger.debug('not at this level');
    logger.error('job failed', { job: 'outbox', err: new RangeError('out of range') });
    expect(lines).to.have.length(1);
    const record = JSON.parse(lines[0]!) as { level: string; msg: string; job: string; err: { name: string; message: string; stack: string }; time: string };
    expect(record).to.include({ level: 'error', msg: 'job failed', job: 'outbox' });
    expect(record.err).to.include({ name: 'RangeError', message: 'out of range' });
    expect(record.err.stack).to.match(/^RangeError: out of range\n\s+at /);
    expect(new Date(record.time).toISOString()).to.equal(record.time);
  });
});
