import { ApiId, ApiInstant, ApiText, ApiTexts } from '../common/api-docs.decorator';

/** A processor as the API answers it. */
export class ProcessorView {
  @ApiId() id: string;
  @ApiText() name: string;
  @ApiText({ example: 'NL', description: 'ISO 3166-1 alpha-2' }) country: string;
  @ApiText({ nullable: true, description: 'KvK-nummer: 8 digits' }) kvkNumber: string | null;
  @ApiText({ nullable: true }) contactEmail: string | null;
  @ApiText({ nullable: true }) dpoName: string | null;
  @ApiText({ nullable: true }) dpoEmail: string | null;
  @ApiTexts() securityMeasures: string[];
  @ApiInstant() createdAt: Date;
  @ApiInstant() updatedAt: Date;
}
