import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Language, LANGUAGES } from '../../common/language';
import { REPORT_TYPES, ReportType } from '../authority-draft';

export class AuthorityDraftQuery {
  @ApiPropertyOptional({ enum: LANGUAGES, description: 'the language of the draft and the PDF; without it Accept-Language decides, else Dutch' })
  @IsOptional()
  @IsIn(LANGUAGES)
  lang?: Language;

  @ApiPropertyOptional({
    enum: REPORT_TYPES,
    description: 'new: the whole form (the default until the AP is notified); follow_up: only what changed since the latest recorded notification to the AP (the default after one); withdrawal',
  })
  @IsOptional()
  @IsIn(REPORT_TYPES)
  type?: ReportType;
}
