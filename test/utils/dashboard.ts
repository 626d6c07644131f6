import request from 'supertest';
import type { TestApp } from './test-app';

export interface DashboardSession {
  /** The Cookie header a signed-in browser sends. */
  cookie: string;
  /** The CSRF token the session's forms carry. */
  csrf: string;
}

export function sessionCookieOf(setCookie: string[] | string | undefined): string {
  const line = [setCookie ?? []].flat().find((c) => c.startsWith('pat_session='));
  if (!line) throw new Error(`no session cookie in ${JSON.stringify(setCookie)}`);
  return line.split(';')[0];
}

export function csrfOf(page: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!match) throw new Error('no CSRF field on the page');
  return match[1];
}

/** Signs in through the form as a browser would and reads the CSRF token from Today. */
export async function signIn(t: TestApp, key: string): Promise<DashboardSession> {
  const server = t.app.getHttpServer();
  const res = await request(server).post('/sign-in').type('form').send({ key, next: '/' });
  if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
  const cookie = sessionCookieOf(res.headers['set-cookie']);
  const today = await request(server).get('/').set('cookie', cookie);
  return { cookie, csrf: csrfOf(today.text) };
}
