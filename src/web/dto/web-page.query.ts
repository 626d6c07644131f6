import { IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Language, LANGUAGES } from '../../common/language';
import { PageQueryDto } from '../../common/pagination';

/** What every dashboard page takes in its query: the language switch. */
export class WebQueryDto {
  @IsOptional()
  @IsIn(LANGUAGES)
  lang?: Language;
}

/** A dashboard list: the language switch and the API's paging. */
export class WebPageQueryDto extends IntersectionType(PageQueryDto, WebQueryDto) {}
