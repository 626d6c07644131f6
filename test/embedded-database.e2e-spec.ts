import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_REDIS_URL, uniqueName } from './utils/test-database';
import { freePort } from './utils/free-port';
import { clearQueuePrefix } from './utils/test-app';

const ROOT = join(__dirname, '..');
const ADMIN_KEY = 'pat_embedded_admin_key_0123456789';

async function waitFor<T>(child: ChildProcess, probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode} while waiting for ${what}`);
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The zero-configuration start: the built service, run as a user runs it, with no
 * DATABASE_URL. It must create and migrate its embedded Postgres under DATA_DIR, serve,
 * shut down cleanly, and find its data again on the next start.
 */
describe('the service on its embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pat-embedded-'));
  const queuePrefix = uniqueName('pat_test');
  let httpPort: number;
  let pgPort: number;
  let output = '';

  function start(): ChildProcess {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(httpPort),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: queuePrefix,
      ADMIN_API_KEY: ADMIN_KEY,
      LOG_LEVEL: 'warn',
    };
    const child = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    return child;
  }

  /**
   * SIGTERM, as an orchestrator stops it. A clean stop closes the app and then the
   * embedded Postgres, which removes its postmaster.pid; a killed one leaves it behind.
   * With Redis up nothing needs forcing: exit 0, well within SHUTDOWN_TIMEOUT_MS.
   */
  async function stopCleanly(child: ChildProcess): Promise<void> {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  }

  const url = (path: string) => `http://127.0.0.1:${httpPort}${path}`;
  const api = (path: string, init: RequestInit = {}) => fetch(url(`/api/v1${path}`), { ...init, headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json', ...init.headers } });

  beforeAll(async () => {
    httpPort = await freePort();
    pgPort = await freePort();
  });

  afterAll(async () => {
    await clearQueuePrefix(queuePrefix);
    // As root the cluster lives outside this directory (mode 700, like `mktemp -d`), linked from it.
    const cluster = join(dataDir, 'postgres');
    if (lstatSync(cluster, { throwIfNoEntry: false })?.isSymbolicLink()) rmSync(realpathSync(cluster), { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  afterEach(() => {
    if (expect.getState().assertionCalls === 0 || output.includes('Error')) process.stdout.write(output);
  });

  it('starts with no DATABASE_URL, keeps its data across a restart, and stops cleanly', async () => {
    const first = start();
    try {
      const health = await waitFor(
        first,
        async () => {
          const res = await fetch(url('/health'));
          return res.status === 200 ? ((await res.json()) as Record<string, string>) : undefined;
        },
        'the service to answer /health',
      );
      expect(health).toEqual({ status: 'ok', database: 'up', redis: 'up' });

      const issued = await api('/api-keys', { method: 'POST', body: JSON.stringify({ name: 'kept across restarts', role: 'auditor' }) });
      expect(issued.status).toBe(201);
    } finally {
      await stopCleanly(first);
    }
    // No AUDIT_CHAIN_KEY: one was generated beside the data, readable by its owner only, and the log says so.
    const keyFile = join(dataDir, 'audit-chain.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(output).toContain(`No AUDIT_CHAIN_KEY: the audit chain is signed with the key just generated in ${keyFile}`);
    const key = readFileSync(keyFile, 'utf8');

    const second = start();
    try {
      const keys = await waitFor(
        second,
        async () => {
          const res = await api('/api-keys');
          return res.status === 200 ? ((await res.json()) as { items: { name: string }[] }).items : undefined;
        },
        'the restarted service',
      );
      expect(keys.map((k) => k.name)).toContain('kept across restarts');
      // The same key signs on: the chain of both runs verifies.
      expect(await (await api('/audit-log/verify')).json()).toMatchObject({ valid: true, signedBy: [{ entries: 2 }] });
      expect(readFileSync(keyFile, 'utf8')).toBe(key);
    } finally {
      await stopCleanly(second);
    }
  }, 120_000);
});
