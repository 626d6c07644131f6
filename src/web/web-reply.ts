import type { FastifyReply } from 'fastify';
import { Html } from './html';
import { pageHeaders } from './web-page.interceptor';

/** After a form: 303 See Other, so reloading the page that follows does not send the form again. */
export function redirectAfterPost(reply: FastifyReply, location: string): void {
  void reply.status(303).header('location', location).send();
}

/** A page sent by a handler that also redirects (a form re-shown with its errors). */
export function sendPage(reply: FastifyReply, status: number, body: Html): void {
  void pageHeaders(reply.status(status)).send(body.value);
}
