import { Logger } from '@nestjs/common';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppConfig, ConfigError } from './app-config';

export const GENERATED_KEY_FILE = 'audit-chain.key';

/** A key of the audit chain; `rank` orders the keys of a rotation, oldest 0. */
export interface AuditChainKey {
  id: string;
  secret: Buffer;
  rank: number;
}

/**
 * A key's id is derived from the key, so an operator never names keys and a stored id
 * cannot be made to point at another key. One-way: it does not reveal the key.
 */
export function auditChainKeyId(secret: Buffer): string {
  return createHmac('sha256', secret).update('audit-chain key id').digest('hex').slice(0, 16);
}

/**
 * The key that signs new entries and checkpoints, and the retired keys that signed earlier
 * parts of the chain, in rotation order. A retired key verifies only what it signed before
 * its successor took over: the chain's key ranks never go down.
 */
export class AuditChainKeys {
  private readonly byId = new Map<string, AuditChainKey>();
  /** The key that signs new entries: the last configured, fixed at boot (read under the chain lock on every write). */
  readonly current: AuditChainKey;

  constructor(current: string, previous: string[] = []) {
    [...previous, current].forEach((text, rank) => {
      const secret = Buffer.from(text, 'utf8');
      const id = auditChainKeyId(secret);
      if (this.byId.has(id)) throw new ConfigError('AUDIT_CHAIN_PREVIOUS_KEYS lists a key twice, or the current AUDIT_CHAIN_KEY among the previous ones');
      this.byId.set(id, { id, secret, rank });
    });
    this.current = [...this.byId.values()].at(-1)!;
  }

  find(id: string): AuditChainKey | undefined {
    return this.byId.get(id);
  }
}

/**
 * AUDIT_CHAIN_KEY when set. Without it, against a Postgres server, the boot stops: a key
 * generated beside a shared database would be lost with the host, and an unkeyed chain is
 * forgeable. On the embedded default, where the database lives in DATA_DIR anyway, a key is
 * generated once into DATA_DIR/audit-chain.key (mode 600) and reused, with a warning.
 * Runs before the database starts, so a migration that re-signs the chain finds the file.
 */
export function resolveAuditChainKeys(config: AppConfig, logger = new Logger('Audit')): AuditChainKeys {
  if (config.AUDIT_CHAIN_KEY) return new AuditChainKeys(config.AUDIT_CHAIN_KEY, config.previousAuditChainKeys);
  if (config.DATABASE_URL) {
    throw new ConfigError(
      'AUDIT_CHAIN_KEY is required with DATABASE_URL: the audit chain is signed with it. Set a random secret of at least 32 characters (e.g. `openssl rand -hex 32`) and keep it apart from the database.',
    );
  }
  const path = resolve(join(config.DATA_DIR, GENERATED_KEY_FILE));
  const existing = readGeneratedKey(path);
  const key = existing ?? generateKey(path);
  logger.warn(
    `No AUDIT_CHAIN_KEY: the audit chain is signed with the key ${existing ? '' : 'just '}generated in ${path}, beside the data it protects. Set AUDIT_CHAIN_KEY to that value and keep it elsewhere.`,
  );
  return new AuditChainKeys(key, config.previousAuditChainKeys);
}

function readGeneratedKey(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (text.length < 32) throw new ConfigError(`${path} holds no audit chain key of at least 32 characters; restore it, or set AUDIT_CHAIN_KEY`);
  return text;
}

function generateKey(path: string): string {
  mkdirSync(resolve(path, '..'), { recursive: true });
  const key = randomBytes(32).toString('hex');
  try {
    // Readable by its owner only. 'wx': a process starting at the same time may have written one first; then that one counts.
    writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readGeneratedKey(path)!;
    throw error;
  }
  return key;
}
