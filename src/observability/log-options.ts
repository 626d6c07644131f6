import type { Options } from 'pino-http';

/**
 * Readable lines for a person at a terminal; JSON for everything that collects logs (a
 * pipe, a container, CI), which is also what production gets when it has a terminal.
 */
export function prettyLogs(env: NodeJS.ProcessEnv, isTTY: boolean | undefined): boolean {
  return isTTY === true && env.NODE_ENV !== 'production' && !env.CI;
}

interface LoggedRequest {
  id?: unknown;
  method?: string;
  url?: string;
}

/**
 * pino-http's options. Its own line per request is off: the request's one line is written
 * by observeRequests with the route pattern. A request is bound to lines written during it
 * (at debug and trace only) by id, method and path: never its query, which may carry a
 * feed token, nor its headers or body.
 */
export function pinoHttpOptions(level: string, pretty: boolean): Options {
  return {
    level,
    autoLogging: false,
    serializers: { req: (req: LoggedRequest) => ({ id: req.id, method: req.method, path: req.url?.split('?')[0] }) },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true } } } : {}),
  };
}
