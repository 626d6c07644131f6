import { IntersectionType, PickType } from '@nestjs/swagger';
import { CsvQueryDto } from '../../common/csv';
import { NameSearchQueryDto } from '../../common/pagination';

/** The registry as a CSV: the list's name search, and the field separator; the whole list, so no paging. */
export class ControllersCsvQuery extends IntersectionType(PickType(NameSearchQueryDto, ['q'] as const), CsvQueryDto) {}
