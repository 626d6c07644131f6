import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsCountryCode } from '../../common/countries';
import { IsInstant } from '../../common/instant';
import { IsUuid } from '../../common/uuid';
import { TransferBasisDto } from './transfer-basis.dto';

export class CreateSubProcessorDto extends TransferBasisDto {
  @ApiProperty({ format: 'uuid', description: 'the processor that engages it' })
  @IsUuid()
  processorId: string;

  @ApiProperty({ example: 'Datacenter Zuid B.V.', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'colocation and backup storage', maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  service: string;

  @ApiProperty({ example: 'NL', description: 'ISO 3166-1 alpha-2, where the data is processed' })
  @IsCountryCode()
  country: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'agreements whose data it touches; linking announces it to each controller' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUuid({ each: true })
  agreementIds?: string[] | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'with agreementIds: the sub-processor this one replaces on them (same processor)' })
  @IsOptional()
  @IsUuid()
  replacesSubProcessorId?: string | null;

  @ApiPropertyOptional({
    type: String,
    example: '2026-03-31T22:00:00Z',
    nullable: true,
    description: 'with agreementIds under specific authorisation: the date approval is asked by; default the end of the 30th day',
  })
  @IsOptional()
  @IsInstant()
  approvalDueAt?: string | null;
}
