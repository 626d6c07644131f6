import { IsIn, IsOptional } from 'class-validator';
import { BREACH_FORMS, BreachFormName } from '../breach.page';
import { WebQueryDto } from './web-page.query';

/** One breach's page: the language, and which form was saved just now (to say so). */
export class BreachQueryDto extends WebQueryDto {
  @IsOptional()
  @IsIn(BREACH_FORMS)
  saved?: BreachFormName;
}
