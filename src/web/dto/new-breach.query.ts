import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsUuid } from '../../common/uuid';
import { WebQueryDto } from './web-page.query';

/** The report form: the processor an officer chose (a reporter's is its key's), and part of a controller's name to list those only. */
export class NewBreachQueryDto extends WebQueryDto {
  @IsOptional()
  @IsUuid()
  processorId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
