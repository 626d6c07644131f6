import { Controller, Get, Headers, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CanRead } from '../common/roles.decorator';
import { RecordOfProcessingQuery } from './dto/record-of-processing.query';
import { RecordsOfProcessingService } from './records-of-processing.service';
import { ApiProblems } from '../common/api-docs.decorator';

@ApiTags('records of processing')
@Controller('records-of-processing')
export class RecordsOfProcessingController {
  constructor(private readonly records: RecordsOfProcessingService) {}

  /**
   * The processor's record of processing activities (Art. 30(2) GDPR), built from the
   * registry as it stands, streamed as JSON, CSV or PDF, in Dutch unless asked in English.
   */
  @ApiOperation({ summary: 'The Art. 30(2) record of processing (JSON, CSV or PDF)' })
  @ApiProblems(422)
  @Get()
  @CanRead()
  @ApiProduces('application/json', 'text/csv', 'application/pdf')
  @ApiOkResponse({ description: 'the record: {title, language, generatedAt, period, processorId, controllerId, sections: [{processor, securityMeasures, controllers}]}' })
  async record(@Query() query: RecordOfProcessingQuery, @Headers('accept-language') acceptLanguage: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const record = await this.records.open(query, acceptLanguage);
    void reply.header('content-language', record.language).header('vary', 'Accept-Language').header('cache-control', 'no-store');
    return new StreamableFile(record.stream, { type: record.contentType, ...(record.fileName ? { disposition: `attachment; filename="${record.fileName}"` } : {}) });
  }
}
