import { Controller, Get, Headers, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CanRead } from '../common/roles.decorator';
import { RecordOfProcessingQuery } from './dto/record-of-processing.query';
import { RecordsOfProcessingService } from './records-of-processing.service';
import { ApiProblems } from '../common/api-docs.decorator';
import { RecordOfProcessingView } from './record.view';

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
  @ApiExtraModels(RecordOfProcessingView)
  @ApiOkResponse({
    description: 'the record, in the format the query or Accept asks for',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(RecordOfProcessingView) } },
      'text/csv': { schema: { type: 'string' } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
  })
  async record(@Query() query: RecordOfProcessingQuery, @Headers('accept-language') acceptLanguage: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const record = await this.records.open(query, acceptLanguage);
    void reply.header('content-language', record.language).header('vary', 'Accept-Language').header('cache-control', 'no-store');
    return new StreamableFile(record.stream, { type: record.contentType, ...(record.fileName ? { disposition: `attachment; filename="${record.fileName}"` } : {}) });
  }
}
