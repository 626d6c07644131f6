import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createHttpApp } from './bootstrap';
import { ConfigError, loadConfig } from './config/app-config';
import { SignalShutdown } from './config/shutdown';

async function main(): Promise<void> {
  const config = loadConfig();
  const shutdown = new SignalShutdown(config.SHUTDOWN_TIMEOUT_MS);
  const app = await createHttpApp(config, shutdown.steps);
  shutdown.attach(app);
  await app.listen({ port: config.PORT, host: config.HOST });
  new Logger('Main').log(`Listening on http://${config.HOST}:${config.PORT} (API /api/v1, docs /docs, workers ${config.WORKERS})`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
