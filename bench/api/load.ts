import type autocannon from 'autocannon';
import { execFile } from 'node:child_process';

/** autocannon's figures, and the CPU the calling process (the servers under test) spent per request meanwhile: less swayed by other load than req/s. */
export type Measured = autocannon.Result & { cpuMicrosPerRequest: number };

export interface Load {
  url: string;
  connections: number;
  seconds: number;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
}

/**
 * autocannon in a process of its own: in the bench's process it would take CPU from the
 * servers under test, and the same amount from every side, which flatters the slower one.
 */
export function fire(load: Load): Promise<Measured> {
  const args = [require.resolve('autocannon/autocannon.js'), '--json', '-c', String(load.connections), '-d', String(load.seconds), '-m', load.method ?? 'GET'];
  if (load.body !== undefined) args.push('-b', load.body);
  for (const [name, value] of Object.entries(load.headers ?? {})) args.push('-H', `${name}=${value}`);
  const cpu = process.cpuUsage();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...args, load.url], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
      if (error) return reject(new Error(`autocannon failed: ${error.message}`));
      const result = JSON.parse(stdout) as autocannon.Result;
      const used = process.cpuUsage(cpu);
      resolve({ ...result, cpuMicrosPerRequest: (used.user + used.system) / result.requests.total });
    });
  });
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
