// The 3-node Galera cluster of scripts/galera.sh, as the cluster suite uses it: started when not running (and then
// stopped at the end), one database recreated on it, and the instances' log lines read back for figures.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { projectRoot } from '../../src/shared/project-root.js';

/** GALERA_BASE_PORT and GALERA_DIR pass through to the script (defaults: 3406, 3416, 3426 under the temp dir). */
const BASE_PORT = Number(process.env.GALERA_BASE_PORT ?? 3406);
const scriptArgs = ['--base-port', String(BASE_PORT), ...(process.env.GALERA_DIR ? ['--dir', process.env.GALERA_DIR] : [])];

export const NODE_PORTS = [BASE_PORT, BASE_PORT + 10, BASE_PORT + 20] as const;

export function nodeUrl(node: 0 | 1 | 2, database: string): string {
  return `mysql://root@127.0.0.1:${NODE_PORTS[node]}/${database}`;
}

function galera(command: 'start' | 'stop' | 'status'): { status: number; output: string } {
  const r = spawnSync('bash', [path.join(projectRoot, 'scripts/galera.sh'), command, ...scriptArgs], { encoding: 'utf8', timeout: 300_000 });
  return { status: r.status ?? 1, output: `${r.stdout}${r.stderr}` };
}

/** Starts the cluster unless all three nodes are Synced already; answers whether this call started it. */
export function ensureCluster(): boolean {
  if (galera('status').status === 0) return false;
  const started = galera('start');
  if (started.status !== 0) throw new Error(`scripts/galera.sh start failed:\n${started.output}`);
  return true;
}

export function stopCluster(): void {
  const stopped = galera('stop');
  if (stopped.status !== 0) throw new Error(`scripts/galera.sh stop failed:\n${stopped.output}`);
}

export async function recreateDatabase(node: 0 | 1 | 2, database: string): Promise<void> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port: NODE_PORTS[node], user: 'root' });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await conn.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
}

/** SET GLOBAL on one node (connections opened afterwards start with it). */
export async function setGlobal(node: 0 | 1 | 2, name: string, value: number): Promise<void> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port: NODE_PORTS[node], user: 'root' });
  try {
    await conn.query(`SET GLOBAL ${name} = ?`, [value]);
  } finally {
    await conn.end();
  }
}

export interface ClusterSize {
  node: number;
  size: number;
  state: string;
}

export async function clusterStatus(): Promise<ClusterSize[]> {
  return Promise.all(
    NODE_PORTS.map(async (port, node) => {
      const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
      try {
        const [rows] = await conn.query<mysql.RowDataPacket[]>("SHOW STATUS WHERE Variable_name IN ('wsrep_cluster_size', 'wsrep_local_state_comment')");
        const value = (name: string) => String(rows.find((r) => r.Variable_name === name)?.Value ?? '');
        return { node: node + 1, size: Number(value('wsrep_cluster_size')), state: value('wsrep_local_state_comment') };
      } finally {
        await conn.end();
      }
    }),
  );
}

/** The JSON log lines of a process whose `msg` is `msg`. */
export function logLines(stdout: string, msg: string): Record<string, unknown>[] {
  const needle = `"msg":${JSON.stringify(msg)}`;
  return stdout
    .split('\n')
    .filter((l) => l.includes(needle))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
