/**
 * The one source of "now". Injected everywhere a rule depends on time so tests can
 * stand on a DST night or the exact deadline instant.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that only moves when told to; for tests. */
export class FakeClock extends Clock {
  private current: number;

  constructor(start: Date | string = '2026-01-15T09:00:00Z') {
    super();
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
