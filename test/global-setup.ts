import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { runMigrationsLocked } from '../src/database/run-migrations';
import { databaseUrl, uniqueName, withServer } from './utils/test-database';

/**
 * Creates this run's template database and migrates it once; test files copy it. Jest's
 * workers inherit the environment, so they learn the template's name from it.
 */
export default async function globalSetup(): Promise<void> {
  const template = uniqueName('pat_test_run');
  await withServer((c) => c.query(`CREATE DATABASE ${template}`));
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl(template))).initialize();
  try {
    await runMigrationsLocked(dataSource);
  } finally {
    await dataSource.destroy();
  }
  process.env.PAT_TEST_TEMPLATE_DB = template;
}
