import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository, QueryFailedError } from 'typeorm';
import { UnitOfWork } from '../audit/unit-of-work';
import { Actor, SYSTEM_ACTOR } from '../common/actor';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { mapPage, Page, PageQueryDto, paginate } from '../common/pagination';
import { missingReference, notFound, ruleBroken } from '../common/problem';
import { generateApiKey, hashApiKey, keyPrefix } from './api-key-secret';
import { ApiKey } from './api-key.entity';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import { ROLES } from '../common/actor';
import { ApiId, ApiInstant, ApiText } from '../common/api-docs.decorator';

/**
 * How long a successful authentication is reused. A revoke clears this process's cache
 * when it commits, so here a revoked key is refused at once; another replica of the API
 * may still accept it for at most this long, as it cannot see this process's revoke.
 */
export const AUTH_CACHE_TTL_MS = 2_000;
const AUTH_CACHE_MAX = 1_000;

export class IssuedApiKey {
  @ApiId() id: string;
  @ApiText() name: string;
  @ApiText({ enum: ROLES }) role: string;
  @ApiId({ nullable: true, description: 'the processor a reporter key may report for' }) processorId: string | null;
  @ApiText({ description: 'the key itself: shown this once, stored only hashed' }) key: string;
}

/** A key as listed: never the key itself. */
export class ApiKeyView {
  @ApiId() id: string;
  @ApiText() name: string;
  @ApiText({ enum: ROLES }) role: string;
  @ApiId({ nullable: true }) processorId: string | null;
  @ApiText({ description: 'the first characters of the key, to recognise it' }) keyPrefix: string;
  @ApiInstant() createdAt: Date;
  @ApiInstant({ nullable: true }) revokedAt: Date | null;
}

@Injectable()
export class ApiKeysService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ApiKeysService.name);
  /** By key hash; only keys that authenticated, so a newly issued key never waits for an entry to expire. */
  private readonly authenticated = new Map<string, { actor: Actor; until: number }>();
  /** Bumped by every revoke: a lookup that started before one must not cache what it read. */
  private revocations = 0;

  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** ADMIN_API_KEY creates (or confirms) an admin key at boot, so a new install can be used. */
  async onApplicationBootstrap(): Promise<void> {
    const key = this.config.ADMIN_API_KEY;
    if (!key) return;
    const hash = hashApiKey(key);
    const existing = await this.keys.findOne({ where: { keyHash: hash } });
    if (existing) {
      if (existing.role !== 'admin' || existing.revokedAt) this.logger.warn('ADMIN_API_KEY matches a key that is not an active admin key; it was left as it is');
      return;
    }
    try {
      await this.unitOfWork.run(SYSTEM_ACTOR, async ({ manager, audit }) => {
        const row = await manager.save(manager.create(ApiKey, { name: 'ADMIN_API_KEY', role: 'admin', processorId: null, keyHash: hash, keyPrefix: keyPrefix(key) }));
        audit({ action: 'api_key.issued', entityType: 'api_key', entityId: row.id, after: publicView(row) });
      });
    } catch (error) {
      // Replicas starting together race to install the same key; the one that lost finds it installed.
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') return;
      throw error;
    }
    this.logger.log('Installed the admin key from ADMIN_API_KEY');
  }

  async authenticate(key: string): Promise<Actor | null> {
    const hash = hashApiKey(key);
    const now = performance.now();
    const cached = this.authenticated.get(hash);
    if (cached && cached.until > now) return { ...cached.actor };
    const revocations = this.revocations;
    const row = await this.keys.findOne({ where: { keyHash: hash, revokedAt: IsNull() } });
    if (!row) {
      this.authenticated.delete(hash);
      return null;
    }
    const actor = actorOf(row);
    if (revocations === this.revocations) {
      if (this.authenticated.size >= AUTH_CACHE_MAX) this.authenticated.clear();
      this.authenticated.set(hash, { actor, until: now + AUTH_CACHE_TTL_MS });
    }
    return { ...actor };
  }

  /** Who a key that is not revoked acts as, by its id: what a credential issued to a key (a calendar feed) reads with. */
  async activeActor(id: string): Promise<Actor | null> {
    const row = await this.keys.findOne({ where: { id, revokedAt: IsNull() } });
    return row ? actorOf(row) : null;
  }

  async issue(dto: CreateApiKeyDto, actor: Actor): Promise<IssuedApiKey> {
    if (dto.role !== 'reporter' && dto.processorId) throw ruleBroken('only reporter keys are bound to a processor', 'processorId');
    const key = generateApiKey();
    return this.unitOfWork.run(actor, async ({ manager, audit }) => {
      if (dto.processorId) {
        const [found] = await manager.query<unknown[]>('SELECT 1 FROM processors WHERE id = $1', [dto.processorId]);
        if (!found) throw missingReference('processorId', 'processor', dto.processorId);
      }
      const row = await manager.save(manager.create(ApiKey, { name: dto.name, role: dto.role, processorId: dto.processorId ?? null, keyHash: hashApiKey(key), keyPrefix: keyPrefix(key) }));
      audit({ action: 'api_key.issued', entityType: 'api_key', entityId: row.id, after: publicView(row) });
      return { id: row.id, name: row.name, role: row.role, processorId: row.processorId, key };
    });
  }

  /** Newest first; never a key's secret, which is not kept (only its hash, and that is not read). */
  async list(page: PageQueryDto): Promise<Page<ApiKeyView>> {
    return mapPage(await paginate(this.keys.createQueryBuilder('k'), page), publicView);
  }

  async revoke(id: string, actor: Actor): Promise<ApiKeyView> {
    try {
      return await this.revokeRow(id, actor);
    } finally {
      // After the commit; a lookup that read the row before it sees the count move and caches nothing.
      this.revocations += 1;
      this.authenticated.clear();
    }
  }

  private async revokeRow(id: string, actor: Actor): Promise<ApiKeyView> {
    return this.unitOfWork.run(actor, async ({ manager, audit }) => {
      const row = await manager.findOne(ApiKey, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw notFound('API key', id);
      if (row.revokedAt) return publicView(row);
      const before = publicView(row);
      row.revokedAt = this.clock.now();
      await manager.save(row);
      audit({ action: 'api_key.revoked', entityType: 'api_key', entityId: row.id, before, after: publicView(row) });
      return publicView(row);
    });
  }
}

function actorOf(row: ApiKey): Actor {
  return { id: row.id, name: row.name, role: row.role, processorId: row.processorId };
}

function publicView(row: ApiKey): ApiKeyView {
  return { id: row.id, name: row.name, role: row.role, processorId: row.processorId, keyPrefix: row.keyPrefix, createdAt: row.createdAt, revokedAt: row.revokedAt };
}
