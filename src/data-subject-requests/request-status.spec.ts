import { nextStatus, REQUEST_ROLES, REQUEST_STATUSES, REQUEST_STEPS, RequestRole, RequestStatus, RequestStep } from './request-status';

describe('data-subject request status', () => {
  it.each<[RequestRole, RequestStatus, RequestStep, RequestStatus]>([
    ['controller', 'received', 'identity_requested', 'awaiting_identity'],
    ['controller', 'awaiting_identity', 'identity_received', 'received'],
    ['controller', 'received', 'extended', 'extended'],
    ['controller', 'received', 'completed', 'completed'],
    ['controller', 'extended', 'completed', 'completed'],
    ['controller', 'awaiting_identity', 'completed', 'completed'],
    ['processor', 'received', 'forwarded', 'forwarded'],
    ['processor', 'forwarded', 'completed', 'completed'],
  ])('as %s, %s → %s → %s', (role, from, step, to) => {
    expect(nextStatus(role, from, step)).toEqual({ allowed: true, to });
  });

  it.each<[RequestRole, RequestStatus, RequestStep, string]>([
    ['processor', 'received', 'completed', 'forward the request to the controller before completing it'],
    ['processor', 'received', 'extended', 'extended is not a step of a request received as processor'],
    ['processor', 'received', 'identity_requested', 'identity requested is not a step of a request received as processor'],
    ['controller', 'received', 'forwarded', 'forwarded is not a step of a request received as controller'],
    ['controller', 'extended', 'extended', 'a request that is extended cannot be extended'],
    ['controller', 'extended', 'identity_requested', 'a request that is extended cannot be identity requested'],
    ['controller', 'awaiting_identity', 'extended', 'a request that is awaiting identity cannot be extended'],
    ['controller', 'received', 'identity_received', 'a request that is received cannot be identity received'],
    ['processor', 'forwarded', 'forwarded', 'a request that is forwarded cannot be forwarded'],
  ])('as %s, %s refuses %s', (role, from, step, reason) => {
    expect(nextStatus(role, from, step)).toEqual({ allowed: false, reason });
  });

  it('never leaves completed, and never reaches forwarded as controller or extended as processor', () => {
    for (const role of REQUEST_ROLES)
      for (const status of REQUEST_STATUSES)
        for (const step of REQUEST_STEPS) {
          const outcome = nextStatus(role, status, step);
          if (status === 'completed') expect(outcome.allowed).toBe(false);
          if (outcome.allowed && role === 'controller') expect(outcome.to).not.toBe('forwarded');
          if (outcome.allowed && role === 'processor') expect(['forwarded', 'completed']).toContain(outcome.to);
        }
  });
});
