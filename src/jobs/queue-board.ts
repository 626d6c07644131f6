import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, ProblemException } from '../common/problem';

export const QUEUE_BOARD_PATH = '/queues';

/**
 * The board's page links a web font from Google; the dashboard must work on a machine
 * without internet and send nobody's address to a third party, so any stylesheet or
 * script from another origin is taken out and the page falls back to local fonts.
 */
const FOREIGN_ASSET = /<(?:link|script)\b[^>]*\b(?:href|src)="(?:https?:)?\/\/[^"]*"[^>]*>(?:<\/script>)?/gi;

export function withoutForeignAssets(html: string): string {
  return html.replace(FOREIGN_ASSET, '');
}

// Belt and braces to the above: the browser fetches nothing from another origin.
const CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

/**
 * Bull Board for the platform's queues at /queues: its page, static assets (from the
 * package, served here) and JSON API. `authorize` throws a ProblemException for a request
 * that may not see it; its answer is the API's problem+json. The queues are opened when the
 * modules initialise, after the HTTP app is configured, so the board takes them at its
 * first authorised request.
 */
export function mountQueueBoard(fastify: FastifyInstance, queues: () => Queue[], authorize: (request: FastifyRequest) => Promise<unknown>): void {
  const board = new BullBoardAdapter();
  board.setBasePath(QUEUE_BOARD_PATH);
  const { setQueues } = createBullBoard({ queues: [], serverAdapter: board, options: { uiConfig: { boardTitle: 'Queues' } } });
  let shown = false;
  void fastify.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      try {
        await authorize(request);
      } catch (error) {
        if (!(error instanceof ProblemException)) throw error;
        return reply.status(error.problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(error.problem);
      }
      if (!shown) setQueues(queues().map((queue) => new BullMQAdapter(queue)));
      shown = true;
    });
    scope.addHook('onSend', async (_request, reply, payload) => {
      void reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
      const type = reply.getHeader('content-type');
      return typeof payload === 'string' && typeof type === 'string' && type.startsWith('text/html') ? withoutForeignAssets(payload) : payload;
    });
    await scope.register(board.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}
