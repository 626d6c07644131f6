import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUrl, Max, MaxLength, Min, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { IsUuid } from '../../common/uuid';
import { ErasureMethod } from '../agreement-data-store.entity';
import { END_OF_CONTRACT_ACTIONS, EndOfContractAction } from '../processing-agreement.entity';

export const ERASURE_METHODS: readonly ErasureMethod[] = ['webhook', 'manual'];

export class EndOfContractDto {
  @ApiProperty({ enum: END_OF_CONTRACT_ACTIONS, description: 'what the processor does with the data when the services end (Art. 28(3)(g))' })
  @IsIn(END_OF_CONTRACT_ACTIONS)
  action: EndOfContractAction;

  @ApiProperty({ example: 30, minimum: 0, maximum: 365, description: 'calendar days after the end' })
  @IsInt()
  @Min(0)
  @Max(365)
  withinDays: number;
}

export class ErasureDto {
  @ApiProperty({ enum: ERASURE_METHODS, description: 'webhook: the service asks the store to erase; manual: a person does and confirms' })
  @IsIn(ERASURE_METHODS)
  method: ErasureMethod;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'https://store.example/erase', description: 'required for webhook' })
  @ValidateIf((o: ErasureDto) => o.method === 'webhook' || (o.url !== undefined && o.url !== null))
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'], require_tld: false }, { message: 'url must be an http(s) URL (required for the webhook method)' })
  @MaxLength(2000)
  url?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, writeOnly: true, minLength: 16, description: 'HMAC secret for signing erasure requests; never returned' })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(500)
  secret?: string | null;
}

export class DataStoreDto {
  @ApiProperty({ example: 'webshop database', maxLength: 200, description: 'unique within the agreement' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'the sub-processor that holds this store, one of the agreement’s processor; flagged where it may not be used for this agreement',
  })
  @IsOptional()
  @IsUuid()
  subProcessorId?: string | null;

  @ApiProperty({ type: ErasureDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ErasureDto)
  erasure: ErasureDto;
}

export class ObligationDto {
  @ApiProperty({ description: 'whether the document covers this obligation' })
  @IsBoolean()
  covered: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'art. 9.2', maxLength: 200, description: 'where the document covers it' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  clauseRef?: string | null;
}

/** The Art. 28(3)(a)–(h) checklist; keys left out are not covered (on create) or unchanged (on update). */
export class ObligationsDto {
  @ApiPropertyOptional({ type: ObligationDto, description: '(a) documented instructions' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ObligationDto)
  a?: ObligationDto;

  @ApiPropertyOptional({ type: ObligationDto, description: '(b) confidentiality of staff' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ObligationDto)
  b?: ObligationDto;

  @ApiPropertyOptional({ type: ObligationDto, description: '(c) security measures (Art. 32)' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ObligationDto)
  c?: ObligationDto;

  @ApiPropertyOptional({ type: ObligationDto, description: '(d) sub-processor conditions' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ObligationDto)
  d?: ObligationDto;

  @ApiPropertyOptional({ type: ObligationDto, description: '(e) help with data subject requests' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ObligationDto)
  e?: ObligationDto;

  @ApiPropertyOptional({ type: ObligationDto, description: '(f) help with Art. 32-36' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ObligationDto)
  f?: ObligationDto;

  @ApiPropertyOptional({ type: ObligationDto, description: '(g) delete or return at the end' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ObligationDto)
  g?: ObligationDto;

  @ApiPropertyOptional({ type: ObligationDto, description: '(h) information and audits' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ObligationDto)
  h?: ObligationDto;
}
