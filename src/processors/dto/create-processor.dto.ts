import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsCountryCode } from '../../common/countries';

export class CreateProcessorDto {
  @ApiProperty({ example: 'Hostingbedrijf Noord B.V.', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'NL', description: 'ISO 3166-1 alpha-2' })
  @IsCountryCode()
  country: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '12345678', description: 'KvK-nummer: 8 digits' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{8}$/, { message: 'kvkNumber must be exactly 8 digits' })
  kvkNumber?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'privacy@hosting.example' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  contactEmail?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'J. de Vries', description: 'Functionaris Gegevensbescherming (FG)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  dpoName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'fg@hosting.example' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  dpoEmail?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['encryption at rest', 'ISO 27001 certified data centre'], description: 'Art. 32 measures in general terms' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(500, { each: true })
  securityMeasures?: string[] | null;
}
