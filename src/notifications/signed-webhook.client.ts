import { Injectable } from '@nestjs/common';
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
 * The one HTTP client for signed requests the service sends: webhook deliveries and
 * erasure requests to data stores. It never follows a redirect: a receiver that answers
 * 3xx could otherwise send the signed request, and what it says, anywhere. Each attempt
 * is signed at the time it is made, so a receiver can refuse one replayed later.
 */
@Injectable()
export class SignedWebhookClient {
  constructor(private readonly clock: Clock) {}

  async post(request: SignedPost): Promise<PostOutcome> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...request.headers };
    if (request.secret) Object.assign(headers, signatureHeaders(request.secret, request.body, this.clock.now()));
    try {
      const response = await fetch(request.url, { method: 'POST', headers, body: request.body, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
      const ok = response.status >= 200 && response.status < 300;
      if (ok && request.readAnswer) return { statusCode: response.status, error: null, answer: await readAtMost(response, ANSWER_LIMIT_BYTES) };
      await response.body?.cancel();
      return { statusCode: response.status, error: ok ? null : `HTTP ${response.status}` };
    } catch (error) {
      return { statusCode: null, error: error instanceof Error ? error.message : String(error) };
    }
  }
}

async function readAtMost(response: Response, limit: number): Promise<string | null> {
  const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader();
  if (!reader) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks).toString('utf8');
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
}
