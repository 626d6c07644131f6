import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

export class StartRetentionRunDto {
  @ApiPropertyOptional({ description: 'Count what is due and held; erase nothing' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}
