import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IncidentFactsDto } from './report-incident.dto';

/** Phased information (Art. 33(4)): a note for the timeline, and any facts that changed. */
export class UpdateIncidentDto extends IncidentFactsDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  note: string;
}
