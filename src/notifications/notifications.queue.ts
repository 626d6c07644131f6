import { QueueDefinition } from '../jobs/job-definition';

/** Deliveries wait on receivers over the network, not on the CPU: several at a time. */
export const DeliveryQueue = new QueueDefinition('deliveries', 16);

export const DeliverWebhook = DeliveryQueue.job<{ deliveryId: string }>('deliver-webhook');
export const SendEmail = DeliveryQueue.job<{ emailId: string }>('send-email');

/** One id per outbox row: the outbox and the reconciler must agree on it, or a row gets two jobs. */
export const deliveryJob = (deliveryId: string) => DeliverWebhook.request({ deliveryId }, { jobId: `delivery-${deliveryId}` });
export const emailJob = (emailId: string) => SendEmail.request({ emailId }, { jobId: `email-${emailId}` });
