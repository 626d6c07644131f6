import { ApiProperty } from '@nestjs/swagger';
import { LANGUAGES } from '../../common/language';

/** The response schemas at /docs; the services answer plain objects of these shapes. */
export class CalendarFeedDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, nullable: true })
  name: string | null;

  @ApiProperty({ enum: LANGUAGES })
  language: string;

  @ApiProperty({ description: 'the start of the token, to tell feeds apart' })
  tokenPrefix: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class IssuedCalendarFeedDto extends CalendarFeedDto {
  @ApiProperty({ description: 'shown once; stored only as its hash' })
  token: string;

  @ApiProperty({ description: 'the feed: PUBLIC_URL/calendar.ics?token=…' })
  url: string;

  @ApiProperty({ description: 'the same feed as a webcal:// URL, which opens a calendar program' })
  webcalUrl: string;
}

export class CalendarFeedPageDto {
  @ApiProperty({ type: [CalendarFeedDto] })
  items: CalendarFeedDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
