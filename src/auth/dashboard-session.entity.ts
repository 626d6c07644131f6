import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A browser signed in to the dashboard with an API key. Only the session token's SHA-256 is
 * stored; the CSRF token is a second random value the forms carry, compared with this row.
 * The key's revocation ends the session (read through a join on every request), and
 * deleting the key deletes its sessions.
 */
@Entity('dashboard_sessions')
export class DashboardSession {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'char', length: 64, select: false })
  tokenHash: string;

  @Column({ type: 'uuid' })
  apiKeyId: string;

  @Column({ type: 'text', select: false })
  csrfToken: string;

  /** Absolute end, however active the browser is. */
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  /** Idle end moves with use. */
  @Column({ type: 'timestamptz' })
  lastSeenAt: Date;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
