import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { IsRegistered } from '../../common/registered-value.validator';
import { RetentionTargets } from '../retention-target';
import { IsUuid } from '../../common/uuid';

export class LegalHoldScopeDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUuid()
  controllerId?: string;

  @ApiPropertyOptional({ description: 'a retention category, e.g. invoice' })
  @IsOptional()
  @IsRegistered(RetentionTargets)
  category?: string;
}

export class PlaceLegalHoldDto {
  @ApiProperty({ type: LegalHoldScopeDto, description: 'A controller, a category, or both; at least one' })
  @IsObject()
  @ValidateNested()
  @Type(() => LegalHoldScopeDto)
  scope: LegalHoldScopeDto;

  @ApiProperty({ example: 'Litigation with client X, case 2026/123' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

export class ReleaseLegalHoldDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason?: string;
}

export class LegalHoldQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only holds still in force (true) or only released ones (false)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';
}
