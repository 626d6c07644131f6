import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/roles.decorator';
import { problemContent } from './calendar-feeds.controller';
import { CalendarFeedsService } from './calendar-feeds.service';
import { CalendarFeedTokenQuery } from './dto/calendar-feed-token.query';

/**
 * The feed itself, outside /api/v1: calendar programs subscribe to a plain URL and send no
 * headers, so the token in the query is the credential.
 */
@ApiTags('calendar-feeds')
@Controller('calendar.ics')
export class CalendarIcsController {
  constructor(private readonly feeds: CalendarFeedsService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: "The deadlines the feed's key may read, as an RFC 5545 calendar (subscribe with the https or webcal URL)" })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'text/calendar; charset=utf-8', content: { 'text/calendar': { schema: { type: 'string' } } } })
  @ApiBadRequestResponse({ description: 'no token, or more than one', content: problemContent })
  @ApiNotFoundResponse({ description: 'the token is unknown, or the feed or its API key was revoked', content: problemContent })
  async feed(@Query() query: CalendarFeedTokenQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const calendar = await this.feeds.render(query.token);
    void reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', 'inline; filename="deadlines.ics"')
      // The URL is a credential: no shared cache keeps the answer, no page it links to learns it.
      .header('cache-control', 'private, no-cache')
      .header('referrer-policy', 'no-referrer');
    return calendar;
  }
}
