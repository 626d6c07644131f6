import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Actor } from '../common/actor';
import { CanRead, CanWrite, CurrentActor } from '../common/roles.decorator';
import { Page, PageQueryDto } from '../common/pagination';
import { AuditCheckpointsService, AuditCheckpointView } from './audit-checkpoints.service';
import { AuditEntryView, AuditService, AuditVerdict } from './audit.service';
import { ApiPage } from '../common/api-docs.decorator';

class AuditQueryDto extends PageQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityType?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string;
}

@ApiTags('audit')
@Controller('audit-log')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly checkpoints: AuditCheckpointsService,
  ) {}

  @ApiOperation({ summary: 'List audit log entries' })
  @ApiPage(AuditEntryView)
  @Get()
  @CanRead()
  list(@Query() query: AuditQueryDto): Promise<Page<AuditEntryView>> {
    return this.audit.list(query);
  }

  /** Re-walks the whole chain and holds it against the latest checkpoint; names the first problem. */
  @ApiOperation({ summary: 'Verify the audit chain' })
  @ApiOkResponse({ type: AuditVerdict })
  @Get('verify')
  @CanRead()
  verify(): Promise<AuditVerdict> {
    return this.audit.verify();
  }

  @ApiOperation({ summary: 'List audit chain checkpoints' })
  @ApiPage(AuditCheckpointView)
  @Get('checkpoints')
  @CanRead()
  listCheckpoints(@Query() query: PageQueryDto): Promise<Page<AuditCheckpointView>> {
    return this.checkpoints.list(query);
  }

  /** Records a signed checkpoint now (one is also taken every AUDIT_CHECKPOINT_INTERVAL_MS) and announces it as `audit.checkpoint`. */
  @ApiOperation({ summary: 'Take a signed checkpoint of the audit chain' })
  @ApiCreatedResponse({ type: AuditCheckpointView })
  @Post('checkpoints')
  @HttpCode(201)
  @CanWrite()
  async takeCheckpoint(@CurrentActor() actor: Actor): Promise<AuditCheckpointView> {
    return (await this.checkpoints.take(actor, 'manual'))!;
  }
}
