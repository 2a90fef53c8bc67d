import { expect } from 'chai';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config.js';
import { SETTINGS } from '../../src/settings.js';
import { projectRoot } from '../../src/shared/project-root.js';

const SECRETS = { OPENDAY_TOKEN_KEYS: `k1:${'a'.repeat(40)}`, OPENDAY_PII_KEY: 'p'.repeat(40), OPENDAY_AUTH_SECRET: 's'.repeat(40) };

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('when nothing is set in development, then the defaults apply and secrets are generated under data/', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'openday-config-'));
    cpSync(path.join(projectRoot, 'config'), path.join(root, 'config'), { recursive: true });
    const c = loadConfig({ NODE_ENV: 'development' }, root);
    expect(c).to.include({ env: 'development', port: 3000, host: '127.0.0.1', logLevel: 'info', seedDemo: true });
    expect(c.database).to.include({ dialect: 'sqlite', storage: path.join(root, 'data', 'openday.sqlite') });
    expect(existsSync(path.join(root, 'data', 'secrets.json'))).to.equal(true);
    const again = loadConfig({ NODE_ENV: 'development' }, root);
    expect(again.secrets).to.deep.equal(c.secrets, 'the generated secrets are kept');
    expect(JSON.parse(readFileSync(path.join(root, 'data', 'secrets.json'), 'utf8'))).to.have.keys('tokenKeys', 'piiKey', 'authSecret');
  });

  it('when config/<env>.json sets a value and the environment another, then the environment wins', () => {
    const c = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', PORT: '8080' }, projectRoot);
    expect(c).to.include({ logLevel: 'warn', port: 8080 });
  });

  it('when DATABASE_URL is sqlite::memory:, a relative sqlite path or a mysql URL, then it is parsed', () => {
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:' }).database).to.include({ dialect: 'sqlite', storage: ':memory:' });
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'sqlite:var/x.sqlite' }).database.storage).to.equal(path.join(projectRoot, 'var', 'x.sqlite'));
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'mysql://u:p%40ss@db.example:3307/openday' }).database).to.include({
      dialect: 'mysql',
      host: 'db.example',
      port: 3307,
      username: 'u',
      password: 'p@ss',
      database: 'openday',
    });
  });

  for (const [env, key] of [
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DATABASE_URL: 'postgres://x/y' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'mysql://host' }, 'DATABASE_URL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ OPENDAY_NOW: 'yesterday' }, 'OPENDAY_NOW'],
    [{ OPENDAY_TOKEN_KEYS: 'short:abc' }, 'OPENDAY_TOKEN_KEYS'],
  ] as const) {
    it(`when ${Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}, then a ConfigError names ${key}`, () => {
      const err = configError({ NODE_ENV: 'test', ...env });
      expect(err.key).to.equal(key);
      expect(err.message.startsWith(`${key}: `)).to.equal(true);
      expect(err.message).to.not.include('\n');
    });
  }

  it('when production lacks a secret, then it refuses to start naming it', () => {
    expect(configError({ NODE_ENV: 'production' }).key).to.equal('OPENDAY_TOKEN_KEYS');
    expect(configError({ NODE_ENV: 'production', OPENDAY_TOKEN_KEYS: SECRETS.OPENDAY_TOKEN_KEYS }).key).to.equal('OPENDAY_PII_KEY');
    expect(configError({ NODE_ENV: 'production', OPENDAY_TOKEN_KEYS: SECRETS.OPENDAY_TOKEN_KEYS, OPENDAY_PII_KEY: SECRETS.OPENDAY_PII_KEY }).key).to.equal(
      'OPENDAY_AUTH_SECRET',
    );
    expect(loadConfig({ NODE_ENV: 'production', ...SECRETS }).secrets.tokenKeys).to.deep.equal([{ id: 'k1', secret: 'a'.repeat(40) }]);
  });

  it('when OPENDAY_NOW is set, then the clock is pinned, except in production where it is refused', () => {
    expect(loadConfig({ NODE_ENV: 'test', OPENDAY_NOW: '2027-05-22T01:00:00Z' }).now?.toISOString()).to.equal('2027-05-22T01:00:00.000Z');
    expect(configError({ NODE_ENV: 'production', ...SECRETS, OPENDAY_NOW: '2027-05-22T01:00:00Z' }).key).to.equal('OPENDAY_NOW');
  });

  it('when token keys are rotated, then all are kept newest first and secrets are never shown in errors', () => {
    const c = loadConfig({ NODE_ENV: 'test', OPENDAY_TOKEN_KEYS: `k2:${'b'.repeat(32)},k1:${'a'.repeat(32)}` });
    expect(c.secrets.tokenKeys.map((k) => k.id)).to.deep.equal(['k2', 'k1']);
    expect(configError({ NODE_ENV: 'test', OPENDAY_TOKEN_KEYS: 'k1:tooshort' }).message).to.not.include('tooshort');
  });

  it('when the shutdown times are set, then they are read; a drain delay as long as the grace period is refused', () => {
    expect(loadConfig({ NODE_ENV: 'production', ...SECRETS }).shutdown).to.deep.equal({ drainMs: 2000, graceMs: 10_000 });
    expect(loadConfig({ NODE_ENV: 'test', SHUTDOWN_DRAIN_MS: '0', SHUTDOWN_GRACE_MS: '3000' }).shutdown).to.deep.equal({ drainMs: 0, graceMs: 3000 });
    expect(configError({ NODE_ENV: 'test', SHUTDOWN_DRAIN_MS: '5000', SHUTDOWN_GRACE_MS: '5000' }).key).to.equal('SHUTDOWN_DRAIN_MS');
    expect(configError({ NODE_ENV: 'test', SHUTDOWN_GRACE_MS: '10' }).key).to.equal('SHUTDOWN_GRACE_MS');
  });

  it('then the loaded object is frozen', () => {
    const c = loadConfig({ NODE_ENV: 'test' });
    expect(Object.isFrozen(c)).to.equal(true);
    expect(Object.isFrozen(c.database)).to.equal(true);
  });

  it('when a setting exists, then docs/operations.md documents its variable', () => {
    const doc = readFileSync(path.join(projectRoot, 'docs', 'operations.md'), 'utf8');
    const missing = Object.values(SETTINGS)
      .map((setting) => setting.env)
      .filter((env) => !doc.includes(`\`${env}\``));
    expect(missing).to.deep.equal([]);
  });
});
