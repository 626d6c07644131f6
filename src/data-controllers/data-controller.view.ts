import { ApiProperty } from '@nestjs/swagger';
import { ApiId, ApiInstant, ApiText } from '../common/api-docs.decorator';

/** A controller (client) as the API answers it. */
export class DataControllerView {
  @ApiId() id: string;
  @ApiText() name: string;
  @ApiText({ example: 'NL', description: 'ISO 3166-1 alpha-2' }) country: string;
  @ApiText({ nullable: true, description: 'KvK-nummer: 8 digits' }) kvkNumber: string | null;
  @ApiText({ nullable: true }) contactEmail: string | null;
  @ApiText({ nullable: true }) dpoName: string | null;
  @ApiText({ nullable: true }) dpoEmail: string | null;
  @ApiInstant() createdAt: Date;
  @ApiInstant() updatedAt: Date;
}

/** A controller's contact person; personal data, anonymised by the retention sweep. */
export class ContactView {
  @ApiId() id: string;
  @ApiId() controllerId: string;
  @ApiText({ nullable: true, description: 'null once anonymised' }) name: string | null;
  @ApiText({ nullable: true }) email: string | null;
  @ApiText({ nullable: true }) phone: string | null;
  @ApiText({ nullable: true }) role: string | null;
  @ApiInstant() lastActivityAt: Date;
  @ApiInstant({ nullable: true }) anonymizedAt: Date | null;
  @ApiInstant() createdAt: Date;
  @ApiInstant() updatedAt: Date;
}

/** An invoice of a controller, kept 7 years for the tax authority. */
export class InvoiceView {
  @ApiId() id: string;
  @ApiId() controllerId: string;
  @ApiText() number: string;
  @ApiInstant() issuedAt: Date;
  @ApiProperty({ type: 'integer' }) amountCents: number;
  @ApiText({ example: 'EUR' }) currency: string;
  @ApiText({ nullable: true, description: 'null once anonymised' }) billingName: string | null;
  @ApiText({ nullable: true }) billingAddress: string | null;
  @ApiText({ nullable: true }) billingEmail: string | null;
  @ApiInstant({ nullable: true }) anonymizedAt: Date | null;
  @ApiInstant() createdAt: Date;
  @ApiInstant() updatedAt: Date;
}
