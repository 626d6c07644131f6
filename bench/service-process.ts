import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { Client } from 'pg';
import { clearPrefix, dbUrl, REDIS_URL, withServer } from './shared';

export const BENCH_ADMIN_KEY = 'pat_bench_admin_key_0123456789abcdef';
const ROOT = join(__dirname, '..');

/**
 * The built service as a user runs it (`node dist/src/main.js`), on the bench's own
 * database and queue prefix, workers off so only the request under test runs in it.
 */
export function startService(database: string, prefix: string, port: number, nodeArgs: string[] = []): { service: ChildProcess; output: () => string } {
  let output = '';
  const service = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist/src/main.js')], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: dbUrl(database),
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      ADMIN_API_KEY: BENCH_ADMIN_KEY,
      AUDIT_CHAIN_KEY: randomBytes(32).toString('hex'),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      WORKERS: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  service.stdout.on('data', (d: Buffer) => (output += d.toString()));
  service.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return { service, output: () => output };
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
}

export async function waitForHealth(port: number, service: ChildProcess, output: () => string, path = '/health'): Promise<void> {
  const until = Date.now() + 60_000;
  for (;;) {
    if (service.exitCode !== null) throw new Error(`the service exited with ${service.exitCode}:\n${output()}`);
    const ok = await new Promise<boolean>((resolve) => {
      http
        .get({ host: '127.0.0.1', port, path }, (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        })
        .on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`the service did not become healthy:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function rssOf(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

/** Resets the peak RSS the kernel keeps for the process (Linux: "5" to clear_refs); false where that is not allowed. */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export interface Download {
  bytes: number;
  seconds: number;
  /** The process's RSS just before the request. */
  restRss: number;
  peakRss: number;
  sampledRss: number;
  body?: Buffer;
}

/** A GET read as a client reads it (counted; kept only when asked), with the serving process's RSS before and at its peak. */
export function download(port: number, path: string, pid: number, keep: boolean, key = BENCH_ADMIN_KEY): Promise<Download> {
  const canReset = resetPeak(pid);
  const restRss = rssOf(pid, 'VmRSS');
  let sampled = restRss;
  const sampler = setInterval(() => (sampled = Math.max(sampled, rssOf(pid, 'VmRSS'))), 10);
  const started = performance.now();
  return new Promise<Download>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, headers: { authorization: `Bearer ${key}` } }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`${path} answered ${res.statusCode}`));
        let bytes = 0;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (keep) chunks.push(chunk);
        });
        res.on('end', () => {
          const seconds = (performance.now() - started) / 1000;
          if (!res.complete) reject(new Error(`${path} was cut short`));
          resolve({ bytes, seconds, restRss, peakRss: canReset ? rssOf(pid, 'VmHWM') : 0, sampledRss: Math.max(sampled, rssOf(pid, 'VmRSS')), ...(keep ? { body: Buffer.concat(chunks) } : {}) });
        });
      })
      .on('error', reject);
  }).finally(() => clearInterval(sampler));
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** After a bench that started processes on its own database and prefix: stops them and removes both (the database kept when asked). */
export async function cleanUpBench(used: { db: Client; processes: ChildProcess[]; prefix: string; database: string; keep: boolean }): Promise<void> {
  await used.db.end().catch(() => undefined);
  for (const child of used.processes) await stopProcess(child);
  await clearPrefix(used.prefix);
  if (used.keep) console.log(`kept database ${used.database}`);
  else await withServer((c) => c.query(`DROP DATABASE IF EXISTS ${used.database} WITH (FORCE)`));
}

/** Runs a bench's main and exits 1 with the error when it fails. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
