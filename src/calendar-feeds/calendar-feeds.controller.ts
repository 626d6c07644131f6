import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor';
import { IdParam } from '../common/id-param';
import { Page, PageQueryDto } from '../common/pagination';
import { PROBLEM_CONTENT_TYPE } from '../common/problem';
import { CurrentActor, Roles } from '../common/roles.decorator';
import { CalendarFeedsService, CalendarFeedView, IssuedCalendarFeed } from './calendar-feeds.service';
import { CalendarFeedPageDto, IssuedCalendarFeedDto } from './dto/calendar-feed-response.dto';
import { CreateCalendarFeedDto } from './dto/create-calendar-feed.dto';

export const problemContent = { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } };

/** Every key that may read deadlines may have them in its calendar: the feed reads what the key may read. */
@ApiTags('calendar-feeds')
@Controller('calendar-feeds')
export class CalendarFeedsController {
  constructor(private readonly feeds: CalendarFeedsService) {}

  @Post()
  @Roles('officer', 'auditor', 'reporter')
  @ApiOperation({ summary: 'Issue a calendar feed for the calling key; the token is shown once' })
  @ApiCreatedResponse({ type: IssuedCalendarFeedDto })
  @ApiBadRequestResponse({ description: 'an unknown field, or a name or language out of range', content: problemContent })
  issue(@CurrentActor() actor: Actor, @Body() dto: CreateCalendarFeedDto): Promise<IssuedCalendarFeed> {
    return this.feeds.issue(actor, dto ?? {});
  }

  @Get()
  @Roles('officer', 'auditor', 'reporter')
  @ApiOperation({ summary: "The calling key's calendar feeds that are not revoked, newest first (without their tokens)" })
  @ApiOkResponse({ type: CalendarFeedPageDto })
  @ApiBadRequestResponse({ description: 'a bad limit or cursor', content: problemContent })
  list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<Page<CalendarFeedView>> {
    return this.feeds.list(actor, query);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('officer', 'auditor', 'reporter')
  @ApiOperation({ summary: 'Revoke a calendar feed of the calling key; its URL answers 404 from then on' })
  @ApiNoContentResponse({ description: 'revoked' })
  @ApiBadRequestResponse({ description: 'id is not a UUID', content: problemContent })
  @ApiNotFoundResponse({ description: 'no feed of the calling key has this id, or it is already revoked', content: problemContent })
  async revoke(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<void> {
    await this.feeds.revoke(actor, id);
  }
}
