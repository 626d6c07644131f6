import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, Observable } from 'rxjs';
import { Html } from './html';

/**
 * Headers of every dashboard page: pages hold personal data, so no cache keeps them; no
 * script, style or form target outside this origin, and no framing (clickjacking).
 */
export function pageHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin');
}

/** A handler that returns `Html` answers a page with the headers above. */
@Injectable()
export class WebPageInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof Html)) return result;
        pageHeaders(reply);
        return result.value;
      }),
    );
  }
}
