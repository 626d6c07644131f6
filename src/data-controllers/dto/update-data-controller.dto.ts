import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsCountryCode } from '../../common/countries';

/** Omitted fields stay as they are; `null` clears an optional field, never a required one. */
export class UpdateDataControllerDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'NL' })
  @ValidateIf((_, value) => value !== undefined)
  @IsCountryCode()
  country?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '87654321' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{8}$/, { message: 'kvkNumber must be exactly 8 digits' })
  kvkNumber?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  contactEmail?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, description: 'the DPO (FG), named in the Art. 30(2) record' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  dpoName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  dpoEmail?: string | null;
}
