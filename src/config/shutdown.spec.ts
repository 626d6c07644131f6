import { INestApplicationContext, Logger } from '@nestjs/common';
import { ShutdownSteps, SignalShutdown, STOP_SIGNALS } from './shutdown';

const never = () => new Promise<void>(() => undefined);
const after = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('ShutdownSteps', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('gives each step a quarter of the timeout', () => {
    expect(new ShutdownSteps(8_000).stepLimitMs).toBe(2_000);
  });

  it('waits for a step that closes in time and forces nothing', async () => {
    const steps = new ShutdownSteps(400);
    const force = jest.fn();
    await steps.within('quick', () => after(10), force);
    expect(force).not.toHaveBeenCalled();
    expect(steps.forced).toEqual([]);
  });

  it('forces a step that is still closing at its limit, and moves on without it', async () => {
    const steps = new ShutdownSteps(400);
    const force = jest.fn();
    const started = Date.now();
    await steps.within('stuck', never, force);
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(force).toHaveBeenCalledTimes(1);
    expect(steps.forced).toEqual(['stuck']);
  });

  it('forces a step whose close fails', async () => {
    const steps = new ShutdownSteps(400);
    const force = jest.fn();
    await steps.within('failing', () => Promise.reject(new Error('Connection is closed')), force);
    expect(force).toHaveBeenCalledTimes(1);
    expect(steps.forced).toEqual(['failing']);
  });
});

describe('SignalShutdown', () => {
  let exit: jest.SpyInstance;
  let exited: Promise<number | undefined>;
  let listenersBefore: Map<NodeJS.Signals, unknown[]>;

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    listenersBefore = new Map(STOP_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
    exited = new Promise((resolve) => {
      exit = jest.spyOn(process, 'exit').mockImplementation(((code?: number) => resolve(code)) as never);
    });
  });

  afterEach(() => {
    exit.mockRestore();
    for (const signal of STOP_SIGNALS) {
      for (const listener of process.listeners(signal)) if (!listenersBefore.get(signal)?.includes(listener)) process.off(signal, listener);
    }
  });

  function appClosing(close: (steps: ShutdownSteps) => Promise<void>, timeoutMs = 400): { close: jest.Mock } {
    const shutdown = new SignalShutdown(timeoutMs);
    const app = { close: jest.fn(() => close(shutdown.steps)) };
    shutdown.attach(app as unknown as INestApplicationContext);
    return app;
  }

  it.each(STOP_SIGNALS)('closes the app on %s and exits 0 when everything closed in time', async (signal) => {
    const app = appClosing(() => after(10));
    process.emit(signal, signal);
    expect(await exited).toBe(0);
    expect(app.close).toHaveBeenCalledTimes(1);
  });

  it('exits 1 when a step had to be forced', async () => {
    appClosing((steps) => steps.within('the queue workers', never, () => undefined));
    process.emit('SIGTERM', 'SIGTERM');
    expect(await exited).toBe(1);
  });

  it('exits 1 when closing fails', async () => {
    appClosing(() => Promise.reject(new Error('a hook threw')));
    process.emit('SIGTERM', 'SIGTERM');
    expect(await exited).toBe(1);
  });

  it('exits 1 at the timeout when the close is still running, not before', async () => {
    appClosing(never, 300);
    const started = Date.now();
    process.emit('SIGTERM', 'SIGTERM');
    expect(await exited).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(295);
  });

  it('exits 1 at once on a second signal while stopping', async () => {
    const app = appClosing(never, 1_000);
    const started = Date.now();
    process.emit('SIGINT', 'SIGINT');
    await after(10);
    expect(exit).not.toHaveBeenCalled();
    process.emit('SIGTERM', 'SIGTERM');
    expect(await exited).toBe(1);
    expect(Date.now() - started).toBeLessThan(500);
    expect(app.close).toHaveBeenCalledTimes(1);
    // The real exit ends the process; here the first stop's timeout is still pending.
    await new Promise((resolve) => exit.mockImplementation(resolve as never));
  });

  it('exits 1 at once on a signal before the app is up', async () => {
    new SignalShutdown(60_000);
    process.emit('SIGTERM', 'SIGTERM');
    expect(await exited).toBe(1);
  });
});
