/**
 * What a party, an agreement, an incident or a record is unless a test says otherwise.
 * The body builders and the SQL seeders share these, so a row seeded straight into
 * Postgres looks like one the API would have stored.
 */

export interface EndOfContract {
  action: 'delete' | 'return' | 'return_and_delete';
  withinDays: number;
}

export const PROCESSOR = { name: 'Hosting BV', country: 'NL' };

export const CONTROLLER = { name: 'Bakkerij Jansen', country: 'NL' };

export const SUB_PROCESSOR = { name: 'Datacenter Zuid', service: 'colocation', country: 'NL' };

export const AGREEMENT = {
  // Before every clock the tests and benches run on, fake or real: in force unless a test ends it.
  effectiveFrom: '2020-01-01T00:00:00Z',
  breachNotificationHours: 48,
  purposes: ['hosting of the webshop'],
  dataCategories: ['name', 'e-mail address', 'order history'],
  dataSubjectCategories: ['customers'],
  subProcessorAuthorization: 'general' as 'general' | 'specific',
  endOfContract: { action: 'delete', withinDays: 30 } as EndOfContract,
};

/** Only general authorisation has an objection period; the API requires one for it. */
export const OBJECTION_PERIOD_DAYS = 30;

export const INCIDENT = {
  title: 'Mailbox export on a public share',
  description: 'An export of mailboxes was reachable without login.',
  nature: ['confidentiality'],
  dataCategories: ['name', 'e-mail'],
  reporter: { name: 'Sam de Vries', email: 'sam@hosting.example' },
};

export const CONTACT = { name: 'Jan Jansen', email: 'jan@example.nl', phone: '+31612345678', role: 'IT' };

export const INVOICE = { amountCents: 12_100, billingName: 'Piet de Vries', billingAddress: 'Damrak 1, Amsterdam', billingEmail: 'piet@example.nl' };

let references = 0;

/** A processor's references are unique, and one process creates many agreements per processor. */
export function nextReference(): string {
  references += 1;
  return `VO-${references}`;
}

let invoiceNumbers = 0;

/** A controller's invoice numbers are unique. */
export function nextInvoiceNumber(): string {
  invoiceNumbers += 1;
  return `F-${invoiceNumbers}`;
}
