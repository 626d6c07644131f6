import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Agent as HttpAgent, request as httpRequest, IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Clock } from '../common/clock';
import { signatureHeaders } from './webhook-signature';

const TIMEOUT_MS = 10_000;
/** A receiver's answer is read only when asked for, and only this much of it. */
const ANSWER_LIMIT_BYTES = 64 * 1024;

export interface SignedPost {
  url: string;
  /** The exact bytes to sign and send. */
  body: string;
  /** HMAC key for the signature headers; without one the request goes unsigned. */
  secret: string | null;
  headers?: Record<string, string>;
  /** Read the body of a 2xx answer (a data store may say where its export went). */
  readAnswer?: boolean;
}

/** `error` is null for a 2xx answer; anything else is worth another attempt. */
export interface PostOutcome {
  statusCode: number | null;
  error: string | null;
  /** The 2xx answer's body when `readAnswer` was set; null when there was none or it was larger than 64 KiB. */
  answer?: string | null;
}

/**
 * Idle sockets are closed after this long: before the 5 s a Node or Apache receiver keeps
 * them open, so a request seldom goes out on a socket the receiver is closing.
 */
const IDLE_SOCKET_MS = 4_000;
/** Connections kept to one receiver: a breach at shared infrastructure posts thousands of deliveries to it. */
const SOCKETS_PER_RECEIVER = 32;

type Sent = { statusCode: number; answer?: string | null };

/**
 * The one HTTP client for signed requests the service sends: webhook deliveries and
 * erasure requests to data stores. It never follows a redirect: a receiver that answers
 * 3xx could otherwise send the signed request, and what it says, anywhere. Each attempt
 * is signed at the time it is made, so a receiver can refuse one replayed later.
 * Connections are kept alive and reused (node:http's agent: a quarter of fetch's CPU per
 * request here, which counts when thousands go out at once).
 */
@Injectable()
export class SignedWebhookClient implements OnApplicationShutdown {
  private readonly http = new HttpAgent({ keepAlive: true, maxSockets: SOCKETS_PER_RECEIVER, timeout: IDLE_SOCKET_MS });
  private readonly https = new HttpsAgent({ keepAlive: true, maxSockets: SOCKETS_PER_RECEIVER, timeout: IDLE_SOCKET_MS });

  constructor(private readonly clock: Clock) {}

  onApplicationShutdown(): void {
    this.http.destroy();
    this.https.destroy();
  }

  async post(request: SignedPost): Promise<PostOutcome> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...request.headers };
    if (request.secret) Object.assign(headers, signatureHeaders(request.secret, request.body, this.clock.now()));
    try {
      const { statusCode, answer } = await this.send(new URL(request.url), headers, request, AbortSignal.timeout(TIMEOUT_MS));
      const ok = statusCode >= 200 && statusCode < 300;
      return { statusCode, error: ok ? null : `HTTP ${statusCode}`, ...(ok && request.readAnswer ? { answer } : {}) };
    } catch (error) {
      return { statusCode: null, error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Once more on a fresh socket when a kept-alive one turns out closed by the receiver (node:http's advice for `reusedSocket`). */
  private send(url: URL, headers: Record<string, string>, request: SignedPost, signal: AbortSignal, again = true): Promise<Sent> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new Error(`unsupported protocol ${url.protocol}`));
    const open = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Sent>((resolve, reject) => {
      const req = open(
        url,
        { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(request.body)) }, agent: url.protocol === 'https:' ? this.https : this.http, signal },
        (res) => {
          const statusCode = res.statusCode ?? 0;
          if (statusCode >= 200 && statusCode < 300 && request.readAnswer) readAtMost(res, ANSWER_LIMIT_BYTES).then((answer) => resolve({ statusCode, answer }), reject);
          else {
            res
              .on('error', reject)
              .on('end', () => resolve({ statusCode }))
              .resume();
          }
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (again && req.reusedSocket && error.code === 'ECONNRESET') this.send(url, headers, request, signal, false).then(resolve, reject);
        else reject(error);
      });
      req.end(request.body);
    });
  }
}

/** The answer's body, or null when it is larger than `limit` (the rest is not read). */
function readAtMost(response: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        response.destroy();
        resolve(null);
      } else chunks.push(chunk);
    });
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
  });
}
