import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class CalendarFeedTokenQuery {
  @ApiProperty({ description: 'the token POST /api/v1/calendar-feeds answered with', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token: string;
}
