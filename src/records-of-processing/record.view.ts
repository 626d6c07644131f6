import { ApiProperty } from '@nestjs/swagger';
import { ApiId, ApiInstant, ApiText, ApiTexts } from '../common/api-docs.decorator';
import { Language } from '../common/language';
import { TRANSFER_MECHANISMS, type TransferMechanism } from '../sub-processors/sub-processor.entity';
import { AdequacyDecisionView } from '../sub-processors/sub-processor.view';
import { ControllerEntry, Dpo, ProcessorEntry, Safeguard, TransferEntry } from './record-content';

// The JSON record is written as a stream (record-formats.ts), never built as one object: these classes
// describe it for the document, and `implements` holds them to the entries the stream writes.

export class RecordDpoView implements Dpo {
  @ApiText({ nullable: true }) name: string | null;
  @ApiText({ nullable: true }) email: string | null;
}

export class RecordProcessorView implements ProcessorEntry {
  @ApiId() id: string;
  @ApiText() name: string;
  @ApiText({ description: 'ISO 3166-1 alpha-2' }) country: string;
  @ApiText({ nullable: true }) kvkNumber: string | null;
  @ApiText({ nullable: true }) contactEmail: string | null;
  @ApiProperty({ type: RecordDpoView }) dpo: RecordDpoView;
}

export class RecordAgreementView {
  @ApiId() id: string;
  @ApiText() reference: string;
  @ApiInstant() effectiveFrom: Date;
  @ApiInstant({ nullable: true }) endsAt: Date | null;
}

/** Art. 30(2)(b): the categories of processing, the union over the agreements the record covers. */
export class RecordProcessingView {
  @ApiTexts() purposes: string[];
  @ApiTexts() dataCategories: string[];
  @ApiTexts() dataSubjectCategories: string[];
  @ApiTexts() specialCategories: string[];
}

export class RecordSafeguardView implements Safeguard {
  @ApiText({ nullable: true, enum: TRANSFER_MECHANISMS }) mechanism: TransferMechanism | null;
  @ApiText({ description: "the safeguard in words, in the record's language" }) description: string;
  @ApiProperty({ type: AdequacyDecisionView, nullable: true }) adequacyDecision: Safeguard['adequacyDecision'];
  @ApiProperty({ type: 'integer', nullable: true }) sccModule: number | null;
  @ApiText({ nullable: true }) sccVersion: string | null;
  @ApiProperty({ type: Boolean, nullable: true }) dpfCertified: boolean | null;
  @ApiInstant({ nullable: true }) dpfCheckedAt: Date | null;
  @ApiText({ nullable: true }) derogationJustification: string | null;
  @ApiText({ nullable: true, description: 'what the transfer-basis rule finds missing; null when it holds' }) issue: string | null;
}

export class RecordSubProcessorView {
  @ApiId() id: string;
  @ApiText() name: string;
  @ApiText() service: string;
}

export class RecordTransferView implements TransferEntry {
  @ApiProperty({ type: RecordSubProcessorView }) subProcessor: RecordSubProcessorView;
  @ApiText({ description: 'ISO 3166-1 alpha-2' }) country: string;
  @ApiText() countryName: string;
  @ApiTexts() agreementReferences: string[];
  @ApiProperty({ type: RecordSafeguardView }) safeguard: RecordSafeguardView;
}

export class RecordControllerView implements ControllerEntry {
  @ApiId() id: string;
  @ApiText() name: string;
  @ApiText({ description: 'ISO 3166-1 alpha-2' }) country: string;
  @ApiText({ nullable: true }) kvkNumber: string | null;
  @ApiText({ nullable: true }) contactEmail: string | null;
  @ApiProperty({ type: RecordDpoView }) dpo: RecordDpoView;
  @ApiProperty({ type: [RecordAgreementView] }) agreements: RecordAgreementView[];
  @ApiProperty({ type: RecordProcessingView }) processing: RecordProcessingView;
  @ApiProperty({ type: [RecordTransferView] }) transfers: RecordTransferView[];
}

export class RecordSectionView {
  @ApiProperty({ type: RecordProcessorView }) processor: RecordProcessorView;
  @ApiTexts({ description: 'Art. 32(1) measures in general terms, as the processor states them' }) securityMeasures: string[];
  @ApiProperty({ type: [RecordControllerView] }) controllers: RecordControllerView[];
}

/** The record covers agreements in force at an instant, or at any moment of a period [from, to). */
export class RecordPeriodView {
  @ApiInstant({ description: 'the instant, when the record is of one' }) at?: Date;
  @ApiInstant({ description: 'the start of the period, when the record is of one' }) from?: Date;
  @ApiInstant({ description: 'the end of the period (exclusive)' }) to?: Date;
}

/** The Art. 30(2) record of processing, as JSON. */
export class RecordOfProcessingView {
  @ApiText() title: string;
  @ApiText({ enum: ['nl', 'en'] }) language: Language;
  @ApiInstant() generatedAt: Date;
  @ApiProperty({ type: RecordPeriodView }) period: RecordPeriodView;
  @ApiId({ nullable: true }) processorId: string | null;
  @ApiId({ nullable: true }) controllerId: string | null;
  @ApiProperty({ type: [RecordSectionView] }) sections: RecordSectionView[];
}
