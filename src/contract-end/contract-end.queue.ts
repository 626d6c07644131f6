import { QueueDefinition } from '../jobs/job-definition';

/** Requests to data stores wait on the network, not on the CPU: several at a time. */
export const ErasureRequestQueue = new QueueDefinition('erasure-requests', 16);

/** At the contract's end (and again at the due date): request erasure, and deliver it to a webhook store. */
export const RequestDataStoreErasure = ErasureRequestQueue.job<{ deletionTaskId: string }>('request-data-store-erasure');

/** One id per task and step: termination, the due date and the reconciler must agree on it, or a store is asked twice. */
export const erasureRequestJob = (deletionTaskId: string, delay: number, step: 'request' | 'due' = 'request') =>
  RequestDataStoreErasure.request({ deletionTaskId }, { jobId: `deletion-task-${deletionTaskId}-${step}`, delay });
