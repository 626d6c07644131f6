import type { Language } from '../common/language';

/** What is due, per deadline kind, as people read it in a calendar, a list or an e-mail; a kind missing here reads as its code. */
export const DEADLINE_KIND_NAMES: Record<Language, Record<string, string>> = {
  nl: {
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
  en: {
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
};
