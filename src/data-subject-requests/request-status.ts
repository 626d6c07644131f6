/**
 * Where a data-subject request stands, and which step may follow which. The role decides
 * the duty: as processor (the request is about a client's data) the organisation forwards
 * it to the controller and helps it answer (Art. 28(3)(e)); as controller it answers itself
 * within the Art. 12(3) month, may first ask for identification (Art. 12(6)) and may extend
 * once by two months.
 */
export const REQUEST_STATUSES = ['received', 'awaiting_identity', 'forwarded', 'extended', 'completed'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_ROLES = ['processor', 'controller'] as const;
export type RequestRole = (typeof REQUEST_ROLES)[number];

export const REQUEST_STEPS = ['identity_requested', 'identity_received', 'forwarded', 'extended', 'completed'] as const;
export type RequestStep = (typeof REQUEST_STEPS)[number];

interface StepRule {
  roles: readonly RequestRole[];
  from: readonly RequestStatus[];
  to: RequestStatus;
}

const STEPS: Record<RequestStep, StepRule> = {
  // Art. 12(6) is the controller's: as processor the organisation passes the request on as it came.
  identity_requested: { roles: ['controller'], from: ['received'], to: 'awaiting_identity' },
  identity_received: { roles: ['controller'], from: ['awaiting_identity'], to: 'received' },
  forwarded: { roles: ['processor'], from: ['received'], to: 'forwarded' },
  // Once, and only by the controller: a second extension would go past the three months Art. 12(3) allows.
  extended: { roles: ['controller'], from: ['received'], to: 'extended' },
  // A processor has done its part once the controller has the request; a controller may also
  // close a request whose requester never identified themselves.
  completed: { roles: ['processor', 'controller'], from: ['forwarded', 'received', 'awaiting_identity', 'extended'], to: 'completed' },
};

export type StepOutcome = { allowed: true; to: RequestStatus } | { allowed: false; reason: string };

/** The status a step leads to, or why it may not be taken now. */
export function nextStatus(role: RequestRole, status: RequestStatus, step: RequestStep): StepOutcome {
  const rule = STEPS[step];
  if (!rule.roles.includes(role)) return { allowed: false, reason: `${step.replace('_', ' ')} is not a step of a request received as ${role}` };
  if (role === 'processor' && step === 'completed' && status === 'received') return { allowed: false, reason: 'forward the request to the controller before completing it' };
  if (!rule.from.includes(status)) return { allowed: false, reason: `a request that is ${status.replace('_', ' ')} cannot be ${step.replace('_', ' ')}` };
  return { allowed: true, to: rule.to };
}
