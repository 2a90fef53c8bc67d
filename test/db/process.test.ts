// The real entry point, as `npm start` runs it: configuration errors, migrations, demo data, shutdown.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/shared/project-root.js';

interface Exit {
  code: number | null;
  stderr: string;
}

function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<Exit>((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /"msg":"openday listening","url":"([^"]+)"/.exec(stdout);
      if (m) {
        clearInterval(timer);
        resolve(m[1]!);
      }
    }, 50);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`exited before listening: ${stderr}`));
    });
  });
  return { child, exited, listening };
}

describe('the server process', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'openday-main-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when a setting is bad, then it stops with one line naming the key', async () => {
    const { exited } = startMain({ PORT: 'abc', DATABASE_URL: `sqlite:${dir}/x.sqlite` });
    const { code, stderr } = await exited;
    expect(code).to.equal(78);
    expect(stderr.trim().split('\n')).to.have.length(1);
    expect(stderr).to.match(/^openday: configuration error: PORT: /);
  });

  it('when started on an empty SQLite file with demo seeding, then it migrates, seeds, serves and stops on SIGTERM', async () => {
    const { child, exited, listening } = startMain({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${dir}/demo.sqlite`, OPENDAY_SEED_DEMO: 'true' });
    try {
      const url = await listening;
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).to.equal(200);
      const venues = (await (await fetch(`${url}/api/venues?pageSize=100`)).json()) as { total: number };
      expect(venues.total).to.be.at.least(25);
      child.kill('SIGTERM');
      expect((await exited).code).to.equal(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
