import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { UnitOfWork } from '../audit/unit-of-work';
import { hashApiKey, keyPrefix } from '../auth/api-key-secret';
import { ApiKeysService } from '../auth/api-keys.service';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { mapPage, Page, paginate, PageQueryDto } from '../common/pagination';
import { notFound, ProblemException } from '../common/problem';
import { addCalendarDays } from '../common/time';
import { AppConfig } from '../config/app-config';
import { DeadlineFilter, DeadlinesService } from '../deadlines/deadlines.service';
import { INCIDENT } from '../incidents/incident-rules';
import { incidentIdsOfProcessor } from '../incidents/processor-incidents.query';
import { CalendarFeed } from './calendar-feed.entity';
import { CLOSED_WINDOW_DAYS, deadlineCalendar } from './deadline-calendar';
import { CreateCalendarFeedDto } from './dto/create-calendar-feed.dto';

export interface CalendarFeedView {
  id: string;
  name: string | null;
  language: string;
  tokenPrefix: string;
  createdAt: string;
}

export interface IssuedCalendarFeed extends CalendarFeedView {
  token: string;
  url: string;
  webcalUrl: string;
}

/** 256 random bits, like an API key; the prefix tells a person which secret it is. */
const generateFeedToken = () => `cal_${randomBytes(32).toString('base64url')}`;

const unknownFeed = () =>
  new ProblemException(HttpStatus.NOT_FOUND, 'No calendar feed has this token, or it was revoked (with its API key, perhaps)', [{ field: 'token', message: 'unknown or revoked' }], 'not-found');

/**
 * Calendar feeds: issued to the calling API key, listed and revoked by it, and read by
 * their token as an iCalendar feed of the deadlines that key may read.
 */
@Injectable()
export class CalendarFeedsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly apiKeys: ApiKeysService,
    private readonly deadlines: DeadlinesService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async issue(actor: Actor, dto: CreateCalendarFeedDto): Promise<IssuedCalendarFeed> {
    const token = generateFeedToken();
    const url = `${this.config.publicUrl}/calendar.ics?token=${token}`;
    return this.unitOfWork.run(actor, async ({ manager, audit }) => {
      const row = await manager.save(
        manager.create(CalendarFeed, { apiKeyId: actor.id, name: dto.name ?? null, language: dto.language ?? 'nl', tokenHash: hashApiKey(token), tokenPrefix: keyPrefix(token), revokedAt: null }),
      );
      audit({ action: 'calendar_feed.issued', entityType: 'calendar_feed', entityId: row.id, after: { ...view(row), apiKeyId: row.apiKeyId } });
      return { ...view(row), token, url, webcalUrl: url.replace(/^https?:/, 'webcal:') };
    });
  }

  /** The calling key's feeds that are not revoked, newest first. */
  async list(actor: Actor, page: PageQueryDto): Promise<Page<CalendarFeedView>> {
    const qb = this.dataSource.getRepository(CalendarFeed).createQueryBuilder('f').where('f.api_key_id = :apiKeyId AND f.revoked_at IS NULL', { apiKeyId: actor.id });
    return mapPage(await paginate(qb, page), view);
  }

  /** Another key's feed, or one already revoked, is not the caller's to see: both are unknown ids. */
  async revoke(actor: Actor, id: string): Promise<void> {
    await this.unitOfWork.run(actor, async ({ manager, audit }) => {
      const row = await manager.findOne(CalendarFeed, { where: { id, apiKeyId: actor.id, revokedAt: IsNull() }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw notFound('calendar feed', id);
      row.revokedAt = this.clock.now();
      await manager.update(CalendarFeed, { id }, { revokedAt: row.revokedAt });
      audit({ action: 'calendar_feed.revoked', entityType: 'calendar_feed', entityId: id, before: { revokedAt: null }, after: { revokedAt: row.revokedAt } });
    });
  }

  /**
   * The feed as iCalendar text: every open deadline the key may read, and those closed or
   * missed that fell due in the last CLOSED_WINDOW_DAYS, so calendars learn they are over.
   */
  async render(token: string): Promise<string> {
    const feed = await this.dataSource.getRepository(CalendarFeed).findOne({ where: { tokenHash: hashApiKey(token), revokedAt: IsNull() } });
    const actor = feed && (await this.apiKeys.activeActor(feed.apiKeyId));
    if (!feed || !actor) throw unknownFeed();
    const now = this.clock.now();
    const scope = await this.readableBy(actor);
    const open = await this.deadlines.find({ ...scope, status: 'pending' });
    const closed = await this.deadlines.find({ ...scope, status: ['met', 'met_late', 'missed', 'cancelled'], dueFrom: addCalendarDays(now, -CLOSED_WINDOW_DAYS) });
    const deadlines = [...open, ...closed].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id.localeCompare(b.id));
    return deadlineCalendar({
      name: feed.name,
      language: feed.language,
      publicUrl: this.config.publicUrl,
      now,
      reminderFractions: this.config.reminderFractions,
      deadlines,
      about: await this.deadlines.describe(deadlines),
    });
  }

  /** What the API lets the key read: every deadline (GET /deadlines), or for a reporter its processor's breaches' clocks (GET /incidents/:id). */
  private async readableBy(actor: Actor): Promise<DeadlineFilter> {
    if (actor.role !== 'reporter') return {};
    const incidentIds = actor.processorId ? await incidentIdsOfProcessor(this.dataSource.manager, actor.processorId) : [];
    return { subjectType: INCIDENT, subjectIds: incidentIds };
  }
}

function view(row: CalendarFeed): CalendarFeedView {
  return { id: row.id, name: row.name, language: row.language, tokenPrefix: row.tokenPrefix, createdAt: row.createdAt.toISOString() };
}
