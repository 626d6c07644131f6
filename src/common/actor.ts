export const ROLES = ['admin', 'officer', 'reporter', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting: an API key's holder, or the service itself (sweeps, escalations). */
export interface Actor {
  id: string;
  name: string;
  role: Role | 'system';
  /** Set for reporter keys: the one processor they may report for. */
  processorId?: string | null;
}

export const SYSTEM_ACTOR: Actor = { id: 'system', name: 'system', role: 'system' };
