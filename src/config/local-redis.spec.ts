import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './app-config';
import { resolveRedisLocation } from './local-redis';
import { ShutdownSteps } from './shutdown';

describe('resolveRedisLocation', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pat-local-redis-'));
  let listener: Server;
  let listeningPort: number;

  beforeAll(async () => {
    listener = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    listeningPort = (listener.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => listener.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes an explicit REDIS_URL as it is and starts nothing, even when nothing answers there', async () => {
    const config = loadConfig({ REDIS_URL: 'redis://127.0.0.1:1', DATA_DIR: dataDir });
    const location = await resolveRedisLocation(config, new ShutdownSteps(config.SHUTDOWN_TIMEOUT_MS));
    expect(location.url).toBe('redis://127.0.0.1:1');
    expect(existsSync(join(dataDir, 'redis'))).toBe(false);
  });

  it('uses whatever already listens on the local port and starts nothing', async () => {
    const config = loadConfig({ LOCAL_REDIS_PORT: String(listeningPort), DATA_DIR: dataDir });
    const location = await resolveRedisLocation(config, new ShutdownSteps(config.SHUTDOWN_TIMEOUT_MS));
    expect(location.url).toBe(`redis://127.0.0.1:${listeningPort}`);
    expect(existsSync(join(dataDir, 'redis'))).toBe(false);
  });
});
