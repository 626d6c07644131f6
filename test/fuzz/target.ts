import { startTestApp, TestApp } from '../utils/test-app';
import { DatabaseWatch } from './database-state';
import { ApiDocument } from './openapi-routes';
import { FuzzWorld } from './world';

export interface FuzzTarget {
  t: TestApp;
  api: ApiDocument;
  world: FuzzWorld;
  watch: DatabaseWatch;
}

/**
 * The app with its workers off, so that only the requests sent to it write and a change
 * in the database is theirs; its documented routes; one of each record a path can name;
 * and a watch on its tables.
 */
async function startFuzzTarget(): Promise<FuzzTarget> {
  const t = await startTestApp({ workers: false });
  return { t, api: await ApiDocument.load(t), world: await FuzzWorld.create(t), watch: await DatabaseWatch.create(t.dataSource) };
}

/** Starts the target before a file's tests, hands it to `receive`, and closes it after them. */
export function useFuzzTarget(receive: (target: FuzzTarget) => void): void {
  let target: FuzzTarget | undefined;
  beforeAll(async () => {
    target = await startFuzzTarget();
    receive(target);
  });
  afterAll(async () => {
    await target?.t.close();
  });
}
