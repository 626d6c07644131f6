import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsInstant } from '../../common/instant';

export class CreateContactDto {
  @ApiProperty({ example: 'Marieke Jansen', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'marieke@bakkerij.example' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+31 20 123 4567' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ()./-]{3,40}$/, { message: 'phone must be a phone number' })
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'office manager', maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  role?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2025-11-03T14:00:00Z',
    description: 'the last contact with this person; defaults to now; may lie in the past (imports), not in the future',
  })
  @IsOptional()
  @IsInstant()
  lastActivityAt?: string | null;
}

/** Omitted fields stay as they are; `null` clears an optional field. */
export class UpdateContactDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ()./-]{3,40}$/, { message: 'phone must be a phone number' })
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  role?: string | null;

  @ApiPropertyOptional({ example: '2026-01-10T10:00:00Z' })
  @ValidateIf((_, value) => value !== undefined)
  @IsInstant()
  lastActivityAt?: string;
}
