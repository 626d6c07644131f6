import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor, Role } from '../common/actor';
import { Clock } from '../common/clock';
import { ApiKeysService } from './api-keys.service';

/** A working day away from the desk ends a session; so does a long day at it. */
export const SESSION_IDLE_MS = 8 * 3_600_000;
export const SESSION_ABSOLUTE_MS = 12 * 3_600_000;
/** Writing the idle clock on every page view would make every read a write; a minute is precise enough for 8 hours. */
const TOUCH_AFTER_MS = 60_000;

export interface OpenedSession {
  token: string;
  expiresAt: Date;
}

export interface ActiveSession {
  id: string;
  actor: Actor;
  csrfToken: string;
}

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** The dashboard's sign-in: an API key exchanged for a session token the browser keeps in a cookie. */
@Injectable()
export class DashboardSessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly apiKeys: ApiKeysService,
    private readonly clock: Clock,
  ) {}

  /** A session for a valid key, or null; expired sessions are cleared on the way, so the table holds only live ones. */
  async open(apiKey: string): Promise<OpenedSession | null> {
    const actor = await this.apiKeys.authenticate(apiKey);
    if (!actor) return null;
    const now = this.clock.now();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
    await this.dataSource.query(`DELETE FROM dashboard_sessions WHERE expires_at <= $1 OR last_seen_at <= $2`, [now, new Date(now.getTime() - SESSION_IDLE_MS)]);
    await this.dataSource.query(`INSERT INTO dashboard_sessions (token_hash, api_key_id, csrf_token, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $5)`, [
      hashToken(token),
      actor.id,
      randomBytes(32).toString('base64url'),
      expiresAt,
      now,
    ]);
    return { token, expiresAt };
  }

  /** The session a cookie names, if it is within both limits and its key is not revoked. */
  async resolve(token: string): Promise<ActiveSession | null> {
    const now = this.clock.now();
    const [row] = await this.dataSource.query<{ id: string; csrf_token: string; last_seen_at: Date; key_id: string; name: string; role: Role; processor_id: string | null }[]>(
      `SELECT s.id, s.csrf_token, s.last_seen_at, k.id AS key_id, k.name, k.role, k.processor_id
         FROM dashboard_sessions s JOIN api_keys k ON k.id = s.api_key_id AND k.revoked_at IS NULL
        WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3`,
      [hashToken(token), now, new Date(now.getTime() - SESSION_IDLE_MS)],
    );
    if (!row) return null;
    if (now.getTime() - new Date(row.last_seen_at).getTime() > TOUCH_AFTER_MS) {
      await this.dataSource.query(`UPDATE dashboard_sessions SET last_seen_at = $2 WHERE id = $1`, [row.id, now]);
    }
    return { id: row.id, csrfToken: row.csrf_token, actor: { id: row.key_id, name: row.name, role: row.role, processorId: row.processor_id } };
  }

  async close(token: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM dashboard_sessions WHERE token_hash = $1`, [hashToken(token)]);
  }
}

/** The synchronizer-token check: the form's token must be the session's, compared in constant time. */
export function csrfTokenMatches(session: ActiveSession, sent: unknown): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent, 'utf8');
  const b = Buffer.from(session.csrfToken, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
