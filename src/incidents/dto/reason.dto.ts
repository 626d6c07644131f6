import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class CancelDeadlineDto {
  @ApiProperty()
  @IsString()
  @MinLength(5)
  @MaxLength(20_000)
  reason: string;
}

export class CloseIncidentDto {
  @ApiProperty({ description: 'the remedial action and outcome, for the register' })
  @IsString()
  @MinLength(5)
  @MaxLength(20_000)
  note: string;
}
