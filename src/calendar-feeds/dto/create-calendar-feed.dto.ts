import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Language, LANGUAGES } from '../../common/language';

export class CreateCalendarFeedDto {
  @ApiPropertyOptional({ description: 'to tell feeds apart, e.g. "Outlook op kantoor"; also in the calendar name', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: LANGUAGES, default: 'nl', description: 'the language of the event texts' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;
}
