import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor';
import { CanRead, CanWrite, CurrentActor } from '../common/roles.decorator';
import { UpdateRetentionPolicyDto } from './dto/update-retention-policy.dto';
import { RetentionPoliciesService, RetentionPolicyView } from './retention-policies.service';
import { ApiProblems } from '../common/api-docs.decorator';

@ApiTags('retention')
@Controller('retention-policies')
export class RetentionPoliciesController {
  constructor(private readonly policies: RetentionPoliciesService) {}

  @ApiOperation({ summary: 'List retention policies' })
  @ApiOkResponse({ type: [RetentionPolicyView] })
  @Get()
  @CanRead()
  list(): Promise<RetentionPolicyView[]> {
    return this.policies.list();
  }

  @ApiOperation({ summary: 'Get the retention policy of a category' })
  @ApiOkResponse({ type: RetentionPolicyView })
  @Get(':category')
  @CanRead()
  get(@Param('category') category: string): Promise<RetentionPolicyView> {
    return this.policies.get(category);
  }

  @ApiOperation({ summary: 'Change the retention policy of a category' })
  @ApiOkResponse({ type: RetentionPolicyView })
  @ApiProblems(422)
  @Put(':category')
  @CanWrite()
  update(@Param('category') category: string, @Body() dto: UpdateRetentionPolicyDto, @CurrentActor() actor: Actor): Promise<RetentionPolicyView> {
    return this.policies.update(category, dto, actor);
  }
}
