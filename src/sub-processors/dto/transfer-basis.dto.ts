import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsInstant } from '../../common/instant';
import { TRANSFER_MECHANISMS, TransferMechanism } from '../sub-processor.entity';
import { SCC_VERSION } from '../transfer-basis';

/**
 * The Chapter V basis of a transfer and the facts behind it. The types are checked here;
 * whether they make a true basis for the country is the rule in `transfer-basis.ts` (422).
 */
export class TransferBasisDto {
  @ApiPropertyOptional({
    enum: TRANSFER_MECHANISMS,
    nullable: true,
    description: 'required outside the EEA, refused inside it; adequacy only for a country with an EU adequacy decision (for the US: with dpfCertified)',
  })
  @IsOptional()
  @IsIn(TRANSFER_MECHANISMS)
  transferMechanism?: TransferMechanism | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'adequacy for the US: the organisation is certified under the EU–US Data Privacy Framework' })
  @IsOptional()
  @IsBoolean()
  dpfCertified?: boolean | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2026-02-01T10:00:00Z', description: 'with dpfCertified: when the Data Privacy Framework List was checked; not in the future' })
  @IsOptional()
  @IsInstant()
  dpfCheckedAt?: string | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 4, nullable: true, description: 'scc: the module of the clauses (3: processor to processor)' })
  @IsOptional()
  @IsInt()
  sccModule?: number | null;

  @ApiPropertyOptional({ type: String, example: SCC_VERSION, nullable: true, description: `scc: the Commission decision the clauses come from; only "${SCC_VERSION}" is valid` })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  sccVersion?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 2000, nullable: true, description: 'derogation: which Art. 49 derogation applies and why the transfer is occasional' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  derogationJustification?: string | null;
}
