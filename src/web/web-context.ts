import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ActiveSession } from '../auth/dashboard-sessions.service';
import type { Actor } from '../common/actor';
import { readCookie } from '../auth/session-cookie';
import { Language, LANGUAGES } from '../common/language';

export const LANGUAGE_COOKIE = 'pat_lang';
/** The hidden field every state-changing form carries. */
export const CSRF_FIELD = '_csrf';

/** What a page knows about who is looking and in which language. */
export interface WebContext {
  session: ActiveSession;
  actor: Actor;
  lang: Language;
  /** The path asked for, for the navigation's current entry and the language switch. */
  path: string;
  /** The query asked for, without its `?`: the language switch keeps it. */
  query: string;
}

export type WebRequest = FastifyRequest & { actor?: Actor; web?: WebContext };

/**
 * The cookie attributes of the dashboard: not readable by scripts, never sent from another
 * site, and Secure when the browser reached us over TLS (directly or, trustProxy being on,
 * through a proxy that says so).
 */
export function setCookie(request: FastifyRequest, reply: FastifyReply, name: string, value: string, maxAgeSeconds: number): void {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  void reply.header('set-cookie', `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`);
}

const isLanguage = (value: unknown): value is Language => typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

/** `?lang=` switches and is remembered for a year; without it, the remembered choice; else Dutch. */
export function resolveLanguage(request: FastifyRequest, reply: FastifyReply): Language {
  const asked = (request.query as Record<string, unknown> | undefined)?.lang;
  if (isLanguage(asked)) {
    setCookie(request, reply, LANGUAGE_COOKIE, asked, 365 * 24 * 3600);
    return asked;
  }
  const remembered = readCookie(request, LANGUAGE_COOKIE);
  return isLanguage(remembered) ? remembered : 'nl';
}

/** The page's context, set by WebSessionGuard. */
export const Web = createParamDecorator((_: unknown, ctx: ExecutionContext): WebContext => {
  const web = ctx.switchToHttp().getRequest<WebRequest>().web;
  if (!web) throw new Error('Web used on a route without WebSessionGuard');
  return web;
});

/** The parsed form body of a dashboard POST, as fields; validation is the page's, through the API's DTOs. */
export type FormFields = Record<string, string | string[] | undefined>;

export const Form = createParamDecorator((_: unknown, ctx: ExecutionContext): FormFields => {
  const body = ctx.switchToHttp().getRequest<FastifyRequest>().body;
  return body && typeof body === 'object' ? (body as FormFields) : {};
});
