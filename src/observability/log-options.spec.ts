import { pinoHttpOptions, prettyLogs } from './log-options';

describe('log format', () => {
  it('is readable at a terminal, JSON in production, in CI and into a pipe', () => {
    expect(prettyLogs({}, true)).toBe(true);
    expect(prettyLogs({ NODE_ENV: 'production' }, true)).toBe(false);
    expect(prettyLogs({ CI: 'true' }, true)).toBe(false);
    expect(prettyLogs({}, false)).toBe(false);
    expect(prettyLogs({}, undefined)).toBe(false);
  });

  it('uses pino-pretty only when readable', () => {
    expect(pinoHttpOptions('info', true).transport).toMatchObject({ target: 'pino-pretty' });
    expect(pinoHttpOptions('info', false).transport).toBeUndefined();
  });

  it('binds a request to its lines by id, method and path: no query, no headers', () => {
    const serializers = pinoHttpOptions('debug', false).serializers as { req: (req: object) => object };
    expect(serializers.req({ id: 7, method: 'GET', url: '/calendar.ics?token=secret', headers: { authorization: 'Bearer x' } })).toEqual({ id: 7, method: 'GET', path: '/calendar.ics' });
  });

  it('writes no line of its own per request (observeRequests does)', () => {
    expect(pinoHttpOptions('info', false).autoLogging).toBe(false);
  });
});
