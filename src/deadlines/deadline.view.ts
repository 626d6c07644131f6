import { Deadline } from './deadline.entity';
import { DeadlineAbout } from './deadline-kinds';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiId, ApiInstant, ApiText } from '../common/api-docs.decorator';

export class DeadlineView {
  @ApiId() id: string;
  @ApiText({ example: 'controller_notification' }) kind: string;
  @ApiText({ enum: ['pending', 'met', 'met_late', 'missed', 'cancelled'] }) status: string;
  @ApiText({ example: 'incident' }) subjectType: string;
  @ApiId() subjectId: string;
  @ApiId({ nullable: true }) incidentId: string | null;
  @ApiId({ nullable: true }) controllerId: string | null;
  @ApiInstant() startsAt: string;
  @ApiInstant() dueAt: string;
  @ApiInstant({ nullable: true }) metAt: string | null;
  @ApiText({ nullable: true }) lateReason: string | null;
  @ApiInstant({ nullable: true }) missedAt: string | null;
  @ApiText({ nullable: true }) cancelledReason: string | null;
  @ApiProperty({ type: [Number], description: 'the reminder fractions already sent' }) remindersSent: number[];
  @ApiInstant() createdAt: string;
  /** Present in lists: what the deadline is about (null when its subject is gone). */
  @ApiPropertyOptional({ type: DeadlineAbout, nullable: true, description: 'in lists: what the deadline is about (null when its subject is gone)' })
  about?: DeadlineAbout | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toDeadlineView(d: Deadline, about?: DeadlineAbout | null): DeadlineView {
  return {
    id: d.id,
    kind: d.kind,
    status: d.status,
    subjectType: d.subjectType,
    subjectId: d.subjectId,
    incidentId: d.subjectType === 'incident' ? d.subjectId : null,
    controllerId: d.controllerId,
    startsAt: d.startsAt.toISOString(),
    dueAt: d.dueAt.toISOString(),
    metAt: iso(d.metAt),
    lateReason: d.lateReason,
    missedAt: iso(d.missedAt),
    cancelledReason: d.cancelledReason,
    remindersSent: d.remindersSent,
    createdAt: d.createdAt.toISOString(),
    ...(about === undefined ? {} : { about }),
  };
}
