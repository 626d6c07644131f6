import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsCountryCode } from '../../common/countries';

/** Omitted fields stay as they are; `null` clears an optional field, never a required one. */
export class UpdateProcessorDto {
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

  @ApiPropertyOptional({ type: String, nullable: true, example: '12345678' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{8}$/, { message: 'kvkNumber must be exactly 8 digits' })
  kvkNumber?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  contactEmail?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
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

  @ApiPropertyOptional({ type: [String], description: 'replaces the whole list' })
  @ValidateIf((_, value) => value !== undefined)
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(500, { each: true })
  securityMeasures?: string[];
}
