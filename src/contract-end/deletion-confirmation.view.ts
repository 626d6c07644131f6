import { ApiProperty } from '@nestjs/swagger';
import { ApiId, ApiInstant, ApiText } from '../common/api-docs.decorator';
import { DeletionConfirmation } from './deletion-confirmation.entity';

class ConfirmingPersonView {
  @ApiText() name: string;
  @ApiText() function: string;
}

export class DeletionConfirmationView {
  @ApiId() id: string;
  @ApiId() agreementId: string;
  @ApiText({ description: 'what was erased or returned' }) erased: string;
  @ApiText() location: string;
  @ApiText() evidence: string;
  @ApiProperty({ type: ConfirmingPersonView }) confirmedBy: ConfirmingPersonView;
  @ApiInstant() confirmedAt: Date;
  @ApiText({ nullable: true }) lateReason: string | null;
  @ApiText() recordedBy: string;
  @ApiInstant() recordedAt: Date;
}

/** As the API, the audit trail and the certificate show it. */
export function deletionConfirmationView(c: DeletionConfirmation): DeletionConfirmationView {
  return {
    id: c.id,
    agreementId: c.agreementId,
    erased: c.erased,
    location: c.location,
    evidence: c.evidence,
    confirmedBy: { name: c.confirmedByName, function: c.confirmedByFunction },
    confirmedAt: c.confirmedAt,
    lateReason: c.lateReason,
    recordedBy: c.recordedByName,
    recordedAt: c.createdAt,
  };
}
