import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsCountryCode } from '../../common/countries';

export class CreateDataControllerDto {
  @ApiProperty({ example: 'Bakkerij Jansen B.V.', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'NL', description: 'ISO 3166-1 alpha-2' })
  @IsCountryCode()
  country: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '87654321', description: 'KvK-nummer: 8 digits' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{8}$/, { message: 'kvkNumber must be exactly 8 digits' })
  kvkNumber?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'info@bakkerij.example' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  contactEmail?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Fleur Bakker', maxLength: 200, description: 'the DPO (FG), named in the Art. 30(2) record' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  dpoName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'fg@bakkerij.example' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  dpoEmail?: string | null;
}
