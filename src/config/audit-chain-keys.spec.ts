import { Logger } from '@nestjs/common';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';
import { auditChainKeyId, AuditChainKeys, resolveAuditChainKeys } from './audit-chain-keys';

const KEY = 'k'.repeat(32);
const OLD = 'o'.repeat(40);

describe('the audit chain key', () => {
  let dataDir: string;
  const warn = jest.fn();
  const logger = { warn } as unknown as Logger;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pat-audit-key-'));
    jest.clearAllMocks();
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is AUDIT_CHAIN_KEY when set, with the retired keys ranked before it, oldest first', () => {
    const keys = resolveAuditChainKeys(loadConfig({ DATABASE_URL: 'postgres://h/db', AUDIT_CHAIN_KEY: KEY, AUDIT_CHAIN_PREVIOUS_KEYS: ` ${'p'.repeat(32)} , ${OLD}` }), logger);
    expect(keys.current).toMatchObject({ id: auditChainKeyId(Buffer.from(KEY)), rank: 2 });
    expect(keys.find(auditChainKeyId(Buffer.from(OLD)))?.rank).toBe(1);
    expect(keys.find(auditChainKeyId(Buffer.from('p'.repeat(32))))?.rank).toBe(0);
    expect(keys.find('0123456789abcdef')).toBeUndefined();
    expect(warn).not.toHaveBeenCalled();
  });

  it('stops the boot against a Postgres server without one, saying what to do', () => {
    expect(() => resolveAuditChainKeys(loadConfig({ DATABASE_URL: 'postgres://h/db', DATA_DIR: dataDir }), logger)).toThrow(
      new ConfigError(
        'AUDIT_CHAIN_KEY is required with DATABASE_URL: the audit chain is signed with it. Set a random secret of at least 32 characters (e.g. `openssl rand -hex 32`) and keep it apart from the database.',
      ),
    );
  });

  it('on the embedded default, is generated once into DATA_DIR (mode 600) and reused, with a warning', () => {
    const first = resolveAuditChainKeys(loadConfig({ DATA_DIR: dataDir }), logger);
    const file = join(dataDir, 'audit-chain.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toHaveLength(64);
    const second = resolveAuditChainKeys(loadConfig({ DATA_DIR: dataDir }), logger);
    expect(second.current.id).toBe(first.current.id);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenLastCalledWith(expect.stringContaining(`No AUDIT_CHAIN_KEY: the audit chain is signed with the key generated in ${file}`));
  });

  it('refuses a damaged key file rather than generating another', () => {
    writeFileSync(join(dataDir, 'audit-chain.key'), 'short\n');
    expect(() => resolveAuditChainKeys(loadConfig({ DATA_DIR: dataDir }), logger)).toThrow(/holds no audit chain key/);
  });

  it('refuses a key shorter than 32 characters, one with a comma, and a key listed twice', () => {
    expect(() => loadConfig({ AUDIT_CHAIN_KEY: 'k'.repeat(31) })).toThrow(/AUDIT_CHAIN_KEY must be at least 32 characters/);
    expect(() => loadConfig({ AUDIT_CHAIN_KEY: `${KEY},x` })).toThrow(/AUDIT_CHAIN_KEY must not contain commas/);
    expect(() => loadConfig({ AUDIT_CHAIN_KEY: KEY, AUDIT_CHAIN_PREVIOUS_KEYS: 'short' })).toThrow(/AUDIT_CHAIN_PREVIOUS_KEYS/);
    expect(() => new AuditChainKeys(KEY, [KEY])).toThrow(ConfigError);
  });
});
