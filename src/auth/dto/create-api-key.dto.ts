import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';
import { Role, ROLES } from '../../common/actor';
import { IsUuid } from '../../common/uuid';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'Breach desk' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ description: 'required for, and only for, reporter keys' })
  @ValidateIf((o: CreateApiKeyDto) => o.role === 'reporter' || o.processorId !== undefined)
  @IsUuid({ message: 'processorId must be the id of a processor (required for reporter keys)' })
  processorId?: string;
}
