import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsCountryCode } from '../../common/countries';
import { TRANSFER_MECHANISMS, TransferMechanism } from '../sub-processor.entity';
import { IsUuid } from '../../common/uuid';

export class CreateSubProcessorDto {
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

  @ApiPropertyOptional({ enum: TRANSFER_MECHANISMS, description: 'required outside the EEA (Chapter V)' })
  @IsOptional()
  @IsIn(TRANSFER_MECHANISMS)
  transferMechanism?: TransferMechanism | null;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'agreements whose data it touches; linking announces it to each controller' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUuid({ each: true })
  agreementIds?: string[] | null;
}
