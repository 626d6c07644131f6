import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsInt, IsISO4217CurrencyCode, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { IsInstant } from '../../common/instant';

/** Credit notes (creditnota's) carry negative amounts; the bound keeps cents exact in a JS number. */
const AMOUNT_LIMIT = 1_000_000_000_000;
const upperCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toUpperCase() : value);

export class CreateInvoiceDto {
  @ApiProperty({ example: '2025-0042', description: 'unique per controller', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  number: string;

  @ApiProperty({ example: '2025-03-31T10:00:00Z', description: 'may lie in the past (imports), not in the future' })
  @IsInstant()
  issuedAt: string;

  @ApiProperty({ example: 12100, description: 'in cents; negative for a credit note' })
  @IsInt()
  @Min(-AMOUNT_LIMIT)
  @Max(AMOUNT_LIMIT)
  amountCents: number;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'EUR', default: 'EUR', description: 'ISO 4217' })
  @IsOptional()
  @Transform(upperCase)
  @IsISO4217CurrencyCode()
  currency?: string | null;

  @ApiProperty({ example: 'M. Jansen', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  billingName: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Dorpsstraat 1, 1234 AB Ergens', maxLength: 500 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  billingAddress?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'facturen@bakkerij.example' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  billingEmail?: string | null;
}

/** Corrections to an invoice; omitted fields stay as they are, `null` clears an optional one. */
export class UpdateInvoiceDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  number?: string;

  @ApiPropertyOptional({ example: '2025-03-31T10:00:00Z' })
  @ValidateIf((_, value) => value !== undefined)
  @IsInstant()
  issuedAt?: string;

  @ApiPropertyOptional({ example: 12100 })
  @ValidateIf((_, value) => value !== undefined)
  @IsInt()
  @Min(-AMOUNT_LIMIT)
  @Max(AMOUNT_LIMIT)
  amountCents?: number;

  @ApiPropertyOptional({ example: 'EUR' })
  @ValidateIf((_, value) => value !== undefined)
  @Transform(upperCase)
  @IsISO4217CurrencyCode()
  currency?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  billingName?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  billingAddress?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  billingEmail?: string | null;
}
