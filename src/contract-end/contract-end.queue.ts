import { QueueDefinition } from '../jobs/job-definition';

/** Requests to data stores wait on the network, not on the CPU: several at a time. */
export const ErasureRequestQueue = new QueueDefinition('erasure-requests', 16);

/** At the contract's end (and again at the due date): request erasure, and deliver it to a webhook store. */
export const RequestDataStoreErasure = ErasureRequestQueue.job<{ deletionTaskId: string }>('request-data-store-erasure');
