import { IsOptional } from 'class-validator';
import { IsUuid } from '../../common/uuid';
import { WebQueryDto } from './web-page.query';

/** The retention page: the language, and the sweep whose ledger to show (the latest without one). */
export class RetentionQueryDto extends WebQueryDto {
  @IsOptional()
  @IsUuid()
  run?: string;
}
