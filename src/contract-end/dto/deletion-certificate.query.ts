import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { Language, LANGUAGES } from '../../common/language';

export class DeletionCertificateQuery {
  @ApiPropertyOptional({ enum: LANGUAGES, description: 'the language of the statement and the PDF; without it Accept-Language decides, else Dutch' })
  @IsOptional()
  @IsIn(LANGUAGES)
  lang?: Language;
}

export class VerifyDeletionCertificateQuery {
  @ApiPropertyOptional({ example: '3f2a…', description: 'the hash printed on a certificate (64 hex characters); the answer says whether it matches the data as they stand' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value))
  @Matches(/^[0-9a-f]{64}$/, { message: 'hash must be 64 hexadecimal characters (a SHA-256)' })
  hash?: string;
}
