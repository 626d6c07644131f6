import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createWorkerContext } from './bootstrap';
import { ConfigError, loadConfig } from './config/app-config';
import { SignalShutdown } from './config/shutdown';

/** Workers only, no HTTP: scale them apart from the API. */
async function main(): Promise<void> {
  const config = loadConfig();
  const shutdown = new SignalShutdown(config.SHUTDOWN_TIMEOUT_MS);
  shutdown.attach(await createWorkerContext(config, shutdown.steps));
  new Logger('Worker').log('Workers running');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
