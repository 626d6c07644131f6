import { IsIn, IsOptional } from 'class-validator';
import { SAVED_NOTICES, SavedNotice } from '../breach.page';
import { WebQueryDto } from './web-page.query';

/** One breach's page: the language, and which form was saved (or the breach reported) just now (to say so). */
export class BreachQueryDto extends WebQueryDto {
  @IsOptional()
  @IsIn(SAVED_NOTICES)
  saved?: SavedNotice;
}
