// In config/, beside local-redis.ts: a stop waits on the Redis, the Postgres and the child
// processes that config/ and database/ resolve, and ConfigModule hands its steps to every module.
import { INestApplicationContext, Logger } from '@nestjs/common';

/** The signals that stop the service: an orchestrator's SIGTERM, a terminal's Ctrl-C and hang-up. */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/**
 * The steps of a stop that wait on something outside this process (Redis, Postgres, a child
 * process) each get a quarter of SHUTDOWN_TIMEOUT_MS. One that has not finished by then is
 * forced and remembered, so the process can say what it forced and exit non-zero.
 */
export class ShutdownSteps {
  readonly stepLimitMs: number;
  private readonly forcedSteps: string[] = [];
  private readonly logger = new Logger('Shutdown');

  constructor(timeoutMs: number) {
    this.stepLimitMs = Math.floor(timeoutMs / 4);
  }

  get forced(): readonly string[] {
    return this.forcedSteps;
  }

  /**
   * Waits for `close` up to the step limit; past it, or when `close` fails, calls `force` and
   * moves on without waiting for `close` any longer. `force` must not wait on anything either.
   */
  async within(what: string, close: () => Promise<unknown>, force: () => void): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.stepLimitMs);
    });
    const outcome = await Promise.race([
      close().then(
        () => 'closed' as const,
        (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
      ),
      late,
    ]);
    clearTimeout(timer);
    if (outcome === 'closed') return;
    this.forcedSteps.push(what);
    this.logger.warn(`${what} ${outcome === 'late' ? `did not close within ${this.stepLimitMs} ms` : `failed to close (${outcome.message})`}: forcing it`);
    force();
  }
}

/**
 * How an entry point stops. Installed before anything starts. The first SIGTERM, SIGINT or
 * SIGHUP closes the app, each step bounded by ShutdownSteps and the whole by
 * SHUTDOWN_TIMEOUT_MS, then exits 0 when everything closed in time and 1 when something
 * was forced. A second signal, or one before the app is up, exits 1 at once. Every exit runs
 * the exit hooks of the embedded Postgres and the local redis-server, which signal them
 * without waiting, so neither outlives the process however it ends short of SIGKILL.
 */
export class SignalShutdown {
  readonly steps: ShutdownSteps;
  private app?: INestApplicationContext;
  private stopping = false;
  private readonly logger = new Logger('Shutdown');

  constructor(private readonly timeoutMs: number) {
    this.steps = new ShutdownSteps(timeoutMs);
    for (const signal of STOP_SIGNALS) process.on(signal, this.onSignal);
  }

  /** The app to close on the next signal; until then a signal exits at once. */
  attach(app: INestApplicationContext): void {
    this.app = app;
  }

  private readonly onSignal = (signal: NodeJS.Signals): void => {
    if (this.app && !this.stopping) {
      this.stopping = true;
      void this.stop(this.app, signal);
      return;
    }
    this.logger.warn(`${signal} ${this.stopping ? 'while stopping' : 'during start-up'}: exiting now`);
    process.exit(1);
  };

  private async stop(app: INestApplicationContext, signal: NodeJS.Signals): Promise<void> {
    const started = Date.now();
    this.logger.log(`${signal}: stopping (at most ${this.timeoutMs} ms)`);
    const deadline = setTimeout(() => {
      this.logger.error(`Not stopped within ${this.timeoutMs} ms (SHUTDOWN_TIMEOUT_MS): exiting without waiting for the rest${this.forcedSoFar()}`);
      process.exit(1);
    }, this.timeoutMs);
    let code = 1;
    try {
      await app.close();
      const took = Date.now() - started;
      if (this.steps.forced.length > 0) this.logger.warn(`Stopped in ${took} ms, forced: ${this.steps.forced.join(', ')}`);
      else {
        this.logger.log(`Stopped in ${took} ms`);
        code = 0;
      }
    } catch (error) {
      this.logger.error(`Stopping failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    clearTimeout(deadline);
    process.exit(code);
  }

  private forcedSoFar(): string {
    return this.steps.forced.length > 0 ? `; forced before: ${this.steps.forced.join(', ')}` : '';
  }
}
