import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { CsvQueryDto } from '../../common/csv';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { INCIDENT_ROLES, INCIDENT_STATUSES, IncidentRole, IncidentStatus, RISK_LEVELS, RiskLevel } from '../incident.entity';
import { IsInstantDate } from '../../common/instant';
import { IsUuid } from '../../common/uuid';

/** The register's filters; the CSV export takes the same ones and ignores limit and cursor. */
export class ListIncidentsQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: INCIDENT_STATUSES })
  @IsOptional()
  @IsIn(INCIDENT_STATUSES)
  status?: IncidentStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUuid()
  processorId?: string;

  @ApiPropertyOptional({ description: 'an affected controller' })
  @IsOptional()
  @IsUuid()
  controllerId?: string;

  @ApiPropertyOptional({ enum: INCIDENT_ROLES })
  @IsOptional()
  @IsIn(INCIDENT_ROLES)
  role?: IncidentRole;

  @ApiPropertyOptional({ enum: RISK_LEVELS })
  @IsOptional()
  @IsIn(RISK_LEVELS)
  riskLevel?: RiskLevel;

  @ApiPropertyOptional({ description: 'aware on or after (ISO 8601)' })
  @IsOptional()
  @IsInstantDate()
  from?: Date;

  @ApiPropertyOptional({ description: 'aware before (ISO 8601)' })
  @IsOptional()
  @IsInstantDate()
  to?: Date;
}

/** The register as a CSV: the list's filters, and the field separator. */
export class ExportIncidentsQuery extends IntersectionType(ListIncidentsQuery, CsvQueryDto) {}
