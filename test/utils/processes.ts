import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

const ROOT = join(__dirname, '..', '..');

/** Gone, or a zombie nobody has reaped yet: either way no longer running. */
export function isRunning(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] !== 'Z';
  } catch {
    return false;
  }
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  at: number;
}

/** The built service run as a user runs it (`node dist/src/main.js` or `worker.js`), with its output kept. */
export class ServiceProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  private text = '';

  constructor(entry: 'main' | 'worker', env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [join(ROOT, `dist/src/${entry}.js`)], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (d: Buffer) => (this.text += d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => (this.text += d.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
  }

  get output(): string {
    return this.text;
  }

  /** Sends `signal` and returns when it was sent. */
  signal(signal: NodeJS.Signals): number {
    this.child.kill(signal);
    return Date.now();
  }

  /** Waits for a line of output matching `pattern`; fails early when the process exits first. */
  async logged(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    await waitFor(
      `output matching ${pattern}`,
      () => {
        if (pattern.test(this.text)) return true;
        if (this.child.exitCode !== null) throw new Error(`the service exited with ${this.child.exitCode}: ${this.text}`);
        return undefined;
      },
      timeoutMs,
    );
  }

  /** Returns whether it was still running. */
  killIfRunning(): boolean {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return false;
    this.child.kill('SIGKILL');
    return true;
  }
}

/** A throwaway redis-server on a free port, nothing persisted, for a test to take away. */
export class ThrowawayRedis {
  private constructor(
    readonly port: number,
    private readonly child: ChildProcess,
  ) {}

  static async start(): Promise<ThrowawayRedis> {
    const port = await freePort();
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitFor(`redis-server on port ${port}`, () => listening(port));
    return new ThrowawayRedis(port, child);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Gone at once, as a crashed or unreachable Redis is. */
  async takeAway(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGKILL');
    await exited;
  }
}

function listening(port: number): Promise<true | undefined> {
  return new Promise((settle) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      settle(true);
    });
    socket.once('error', () => settle(undefined));
  });
}
