import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies defaults when the environment is empty', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.LOCAL_REDIS_PORT).toBe(6379);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.workersEnabled).toBe(true);
    expect(config.reminderFractions).toEqual([0.5, 0.75, 0.9]);
    expect(config.AGREEMENT_ENDING_NOTICE_DAYS).toBe(30);
    expect(config.publicUrl).toBe('http://localhost:3000');
  });

  it('reads and converts values', () => {
    const config = loadConfig({ PORT: '8080', WORKERS: 'off', DATABASE_URL: 'postgres://x@h/db', REDIS_URL: 'redis://cache:6380', REMINDER_FRACTIONS: '0.9,0.5' });
    expect(config.PORT).toBe(8080);
    expect(config.workersEnabled).toBe(false);
    expect(config.DATABASE_URL).toBe('postgres://x@h/db');
    expect(config.REDIS_URL).toBe('redis://cache:6380');
    expect(config.reminderFractions).toEqual([0.5, 0.9]);
    expect(loadConfig({ PUBLIC_URL: 'https://compliance.example.nl/' }).publicUrl).toBe('https://compliance.example.nl');
  });

  it('refuses a malformed value and names it', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ WORKERS: 'maybe' })).toThrow(/WORKERS/);
    expect(() => loadConfig({ PUBLIC_URL: 'compliance.example.nl' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ AGREEMENT_ENDING_NOTICE_DAYS: 'a month' })).toThrow(/AGREEMENT_ENDING_NOTICE_DAYS/);
    expect(loadConfig({ AGREEMENT_ENDING_NOTICE_DAYS: '0' }).AGREEMENT_ENDING_NOTICE_DAYS).toBe(0);
  });

  it('stops at an ADMIN_API_KEY shorter than 16 characters, saying so', () => {
    expect(() => loadConfig({ ADMIN_API_KEY: 'fifteen-chars-x' })).toThrow(new ConfigError('Invalid configuration:\n  ADMIN_API_KEY: ADMIN_API_KEY must be at least 16 characters'));
    expect(loadConfig({ ADMIN_API_KEY: 'sixteen-chars-xx' }).ADMIN_API_KEY).toBe('sixteen-chars-xx');
    expect(loadConfig({ ADMIN_API_KEY: '' }).ADMIN_API_KEY).toBeUndefined();
  });
});
