import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor';
import { CanRead, CanWrite, CurrentActor } from '../common/roles.decorator';
import { UpdateRetentionPolicyDto } from './dto/update-retention-policy.dto';
import { RetentionPoliciesService, RetentionPolicyView } from './retention-policies.service';

@ApiTags('retention')
@Controller('retention-policies')
export class RetentionPoliciesController {
  constructor(private readonly policies: RetentionPoliciesService) {}

  @Get()
  @CanRead()
  list(): Promise<RetentionPolicyView[]> {
    return this.policies.list();
  }

  @Get(':category')
  @CanRead()
  get(@Param('category') category: string): Promise<RetentionPolicyView> {
    return this.policies.get(category);
  }

  @Put(':category')
  @CanWrite()
  update(@Param('category') category: string, @Body() dto: UpdateRetentionPolicyDto, @CurrentActor() actor: Actor): Promise<RetentionPolicyView> {
    return this.policies.update(category, dto, actor);
  }
}
