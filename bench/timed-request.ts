import { execFile } from 'node:child_process';

export interface TimedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** Fetched first, untimed, so the timed request finds the client loaded and its connection open. */
  warmUpUrl?: string;
}

export interface TimedResponse {
  status: number;
  /** When the request was sent: `performance.timeOrigin + performance.now()` in the sending process, comparable across processes. */
  sentAt: number;
  /** From sending the request to its status line and headers. */
  headersAfter: number;
  /** From sending the request to the last byte of its body. */
  bodyAfter: number;
  text: string;
}

/**
 * One request sent and timed from a process of its own, as a client of the service is. Sent
 * from the bench's process, which also runs the service, the time would count whatever the
 * service does after answering (adding jobs, delivering) before that process reads the answer.
 */
export function timedRequest(request: TimedRequest): Promise<TimedResponse> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename], { maxBuffer: 256 * 1024 * 1024 }, (error, stdout) => {
      if (error) return reject(new Error(`the request process failed: ${error.message}`));
      const end = stdout.indexOf('\n');
      const timing = JSON.parse(stdout.slice(0, end)) as Omit<TimedResponse, 'text'>;
      resolve({ ...timing, text: stdout.slice(end + 1) });
    });
    child.stdin!.end(JSON.stringify(request));
  });
}

/** In the child: read the request from stdin, send it, print the timings on one line and then the body. */
async function sendFromHere(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const { url, method, headers, body, warmUpUrl } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as TimedRequest;
  if (warmUpUrl) await (await fetch(warmUpUrl)).arrayBuffer();
  const started = performance.now();
  const res = await fetch(url, { method, headers, body });
  const headersAfter = performance.now() - started;
  const text = await res.text();
  const bodyAfter = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ status: res.status, sentAt: performance.timeOrigin + started, headersAfter, bodyAfter })}\n${text}`);
}

if (require.main === module) {
  sendFromHere().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
