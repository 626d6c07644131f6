import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { Language, LANGUAGES } from '../common/language';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * The service's whole configuration, read once from the environment and validated at
 * boot so a typo stops the process with a clear message instead of a late surprise.
 */
export class AppConfig {
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** A Postgres server; without it the service runs on the embedded database in DATA_DIR. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsString()
  DATA_DIR = './data';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  /** A Redis to use as it is; without it, the one on LOCAL_REDIS_PORT, started here if none runs there. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  LOCAL_REDIS_PORT = 6379;

  /** BullMQ key prefix; tests give every run its own so runs cannot collide. */
  @Matches(/^[A-Za-z0-9_-]+$/)
  QUEUE_PREFIX = 'pat';

  @IsIn(['on', 'off'])
  WORKERS: 'on' | 'off' = 'on';

  /** Opens every route, so a guessable one stops the boot rather than being skipped with a warning nobody reads. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(16, { message: 'ADMIN_API_KEY must be at least 16 characters' })
  ADMIN_API_KEY?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1_048_576;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must be an smtp:// URL' })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM = 'compliance-tracker@localhost';

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  OFFICER_EMAIL?: string;

  /** The language of the officer's e-mails. */
  @IsIn(LANGUAGES)
  OFFICER_LANGUAGE: Language = 'nl';

  /**
   * Where people reach the service (the dashboard), for links in e-mails and calendar events;
   * without it, http://localhost:PORT.
   */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^https?:\/\/[^/\s]+(\/[^\s]*)?$/, { message: 'PUBLIC_URL must be an http(s):// URL' })
  PUBLIC_URL?: string;

  /** Fractions of a deadline's window at which reminders fire, e.g. "0.5,0.75,0.9". */
  @Matches(/^(0?\.\d+|0)(,(0?\.\d+|0))*$/, { message: 'REMINDER_FRACTIONS must be comma-separated fractions between 0 and 1' })
  REMINDER_FRACTIONS = '0.5,0.75,0.9';

  /**
   * A deadline's next step due less than this after the step before it is queued together with
   * that step instead of by its handler, so a backlog of reminders this long never makes an
   * escalation late (see planDeadlineJobs).
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  DEADLINE_STEP_HANDOVER_MS = 600_000;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  RECONCILE_INTERVAL_MS = 300_000;

  /** Cron pattern for the nightly retention sweep, evaluated in Europe/Amsterdam. */
  @IsString()
  RETENTION_SWEEP_CRON = '30 2 * * *';

  /** Rows per retention batch, fixed; unset, batches are sized to RETENTION_BATCH_BUDGET_MS instead. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50_000)
  RETENTION_BATCH_SIZE?: number;

  /** The time one retention batch (one transaction) may take; batches aim at half of it. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(1000)
  RETENTION_BATCH_BUDGET_MS = 250;

  /** Days before an agreement's endsAt at which `agreement.ending` goes to the officer and the controller; 0 sends none. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(365)
  AGREEMENT_ENDING_NOTICE_DAYS = 30;

  /**
   * The secret the audit chain's links and checkpoints are signed with (HMAC-SHA256), so
   * that write access to the database is not enough to append a valid tail. Required with
   * DATABASE_URL; on the embedded default one is generated into DATA_DIR.
   */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(32, { message: 'AUDIT_CHAIN_KEY must be at least 32 characters' })
  @Matches(/^[^,\s]+$/, { message: 'AUDIT_CHAIN_KEY must not contain commas or whitespace (after a rotation it is listed in AUDIT_CHAIN_PREVIOUS_KEYS)' })
  AUDIT_CHAIN_KEY?: string;

  /** Keys that signed earlier parts of the chain, oldest first, comma-separated: verification needs them after a rotation. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^\s*[^,\s]{32,}(\s*,\s*[^,\s]{32,})*\s*$/, { message: 'AUDIT_CHAIN_PREVIOUS_KEYS must be comma-separated keys of at least 32 characters each' })
  AUDIT_CHAIN_PREVIOUS_KEYS?: string;

  /** How often a checkpoint of the audit chain is taken (when the chain grew since the last one). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  AUDIT_CHECKPOINT_INTERVAL_MS = 300_000;

  /**
   * How long a SIGTERM or SIGINT may take: each step that waits on Redis, Postgres or a child
   * process gets a quarter of it before it is forced, and the process exits when it is up.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  SHUTDOWN_TIMEOUT_MS = 8_000;

  /** PUBLIC_URL without a trailing slash, or the local address. */
  get publicUrl(): string {
    return (this.PUBLIC_URL ?? `http://localhost:${this.PORT}`).replace(/\/+$/, '');
  }

  get workersEnabled(): boolean {
    return this.WORKERS === 'on';
  }

  get previousAuditChainKeys(): string[] {
    return this.AUDIT_CHAIN_PREVIOUS_KEYS?.split(',').map((key) => key.trim()) ?? [];
  }

  get reminderFractions(): number[] {
    return this.REMINDER_FRACTIONS.split(',')
      .map(Number)
      .sort((a, b) => a - b);
  }

  /** What planDeadlineJobs needs to plan a deadline's steps. */
  get deadlineSteps(): { reminderFractions: number[]; handoverMs: number } {
    return { reminderFractions: this.reminderFractions, handoverMs: this.DEADLINE_STEP_HANDOVER_MS };
  }
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const defaults = new AppConfig();
  // Every declared field, optional ones included: class fields are own properties (ES2022 define semantics).
  const known = Object.keys(defaults);
  const raw: Record<string, unknown> = {};
  for (const key of known) if (env[key] !== undefined) raw[key] = env[key];
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true });
  if (errors.length > 0) {
    const lines = errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `  ${e.property}: ${m}`));
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return config;
}
