import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { signatureHeaders } from './webhook-signature';

const TIMEOUT_MS = 10_000;

export interface SignedPost {
  url: string;
  /** The exact bytes to sign and send. */
  body: string;
  /** HMAC key for the signature headers; without one the request goes unsigned. */
  secret: string | null;
  headers?: Record<string, string>;
}

/** `error` is null for a 2xx answer; anything else is worth another attempt. */
export interface PostOutcome {
  statusCode: number | null;
  error: string | null;
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
      await response.body?.cancel();
      return { statusCode: response.status, error: response.status >= 200 && response.status < 300 ? null : `HTTP ${response.status}` };
    } catch (error) {
      return { statusCode: null, error: error instanceof Error ? error.message : String(error) };
    }
  }
}
