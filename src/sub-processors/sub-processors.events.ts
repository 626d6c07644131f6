import type { Announcement, SubProcessorLinkStatus } from './sub-processor-agreement.entity';
import type { TermChange } from './sub-processor-links';

/** The sub-processor as a controller's notice names it: who, what it does, where, under which safeguard. */
export interface SubProcessorNoticeParty {
  id: string;
  name: string;
  service: string;
  country: string;
  transferMechanism: string | null;
  safeguard: string;
}

export interface SubProcessorNoticeAgreement {
  agreementId: string;
  reference: string;
  status: SubProcessorLinkStatus;
  objectionDueAt: string | null;
  approvalDueAt: string | null;
}

interface SubProcessorNotice {
  /** The mail's subject line. */
  title: string;
  /** One notice per controller: its agreements are listed in it. */
  controllerId: string;
  controllerIds: string[];
  subProcessor: SubProcessorNoticeParty;
  agreements: SubProcessorNoticeAgreement[];
}

/** Art. 28(2) general authorisation: an intended addition, replacement or change, which the controller may object to. */
export interface SubProcessorAnnouncedEvent extends SubProcessorNotice {
  announcement: Announcement;
  replaces: { id: string; name: string } | null;
  /** For a change: what changed. */
  changes: TermChange[];
  /** The earliest objection deadline among the agreements listed. */
  objectionDueAt: string;
}

/** Specific authorisation: the controller is asked to approve by a date; until then the sub-processor is not used for it. */
export interface SubProcessorApprovalRequestedEvent extends SubProcessorNotice {
  announcement: Announcement;
  replaces: { id: string; name: string } | null;
  changes: TermChange[];
  approvalDueAt: string;
}

/** The sub-processor is no longer used for the agreements listed. */
export interface SubProcessorEndedEvent extends SubProcessorNotice {
  endedAt: string;
}

declare module '../common/domain-events' {
  interface DomainEventMap {
    'subprocessor.announced': SubProcessorAnnouncedEvent;
    'subprocessor.approval_requested': SubProcessorApprovalRequestedEvent;
    'subprocessor.ended': SubProcessorEndedEvent;
  }
}

export const SUB_PROCESSOR_EVENTS = ['subprocessor.announced', 'subprocessor.approval_requested', 'subprocessor.ended'] as const;
