import type { Language } from '../common/language';
import type { DeadlineStatus } from '../deadlines/deadline.entity';

export interface CalendarTexts {
  calendarName: string;
  /** What is due, per deadline kind; a kind missing here reads as its code. */
  kinds: Record<string, string>;
  /** Put before the summary of a deadline that is no longer open. */
  closed: Record<Exclude<DeadlineStatus, 'pending'>, string>;
  controller: string;
  agreement: string;
  due: string;
  dashboard: string;
  /** The status line of a deadline no longer open, with the instant it closed where known. */
  closedAt: Record<Exclude<DeadlineStatus, 'pending'>, string>;
  /** An alarm's text: how much of the window has passed. */
  reminder: (percent: number) => string;
}

export const CALENDAR_TEXTS: Record<Language, CalendarTexts> = {
  nl: {
    calendarName: 'AVG-deadlines',
    kinds: {
      controller_notification: 'Verwerkingsverantwoordelijke informeren over datalek',
      authority_notification: 'Datalek melden bij de Autoriteit Persoonsgegevens',
      data_subject_notification: 'Betrokkenen informeren over datalek',
      public_communication: 'Openbare mededeling over datalek',
      objection_window: 'Bezwaartermijn sub-verwerker loopt af',
      approval_request: 'Toestemming voor sub-verwerker gevraagd',
      contract_end_deletion: 'Gegevens verwijderen of teruggeven na einde overeenkomst',
      dsr_forward: 'Verzoek van betrokkene doorsturen',
      dsr_response: 'Verzoek van betrokkene beantwoorden',
      dsr_extension_notice: 'Betrokkene informeren over verlenging',
    },
    closed: { met: 'Voldaan', met_late: 'Te laat voldaan', missed: 'Gemist', cancelled: 'Vervallen' },
    controller: 'Verwerkingsverantwoordelijke',
    agreement: 'Verwerkersovereenkomst',
    due: 'Uiterlijk',
    dashboard: 'Dashboard',
    closedAt: { met: 'Voldaan op', met_late: 'Te laat voldaan op', missed: 'Gemist op', cancelled: 'Vervallen' },
    reminder: (percent) => `${percent}% van de termijn verstreken`,
  },
  en: {
    calendarName: 'GDPR deadlines',
    kinds: {
      controller_notification: 'Inform the controller of the breach',
      authority_notification: 'Notify the Dutch DPA (AP) of the breach',
      data_subject_notification: 'Inform the data subjects of the breach',
      public_communication: 'Public communication about the breach',
      objection_window: 'Objection period for a sub-processor ends',
      approval_request: 'Approval of a sub-processor requested',
      contract_end_deletion: 'Delete or return data at the end of the agreement',
      dsr_forward: 'Forward a data-subject request',
      dsr_response: 'Answer a data-subject request',
      dsr_extension_notice: 'Tell the requester of the extension',
    },
    closed: { met: 'Met', met_late: 'Met late', missed: 'Missed', cancelled: 'Cancelled' },
    controller: 'Controller',
    agreement: 'Processor agreement',
    due: 'Due',
    dashboard: 'Dashboard',
    closedAt: { met: 'Met at', met_late: 'Met late at', missed: 'Missed at', cancelled: 'Cancelled' },
    reminder: (percent) => `${percent}% of the period has passed`,
  },
};
