// The structure checks of `npm run deps`, fed dependency-cruiser's JSON on stdin:
//
//   depcruise src test bench migrations --output-type json | node scripts/check-structure.mjs
//
// 1. dependency-cruiser's own report of the rules in .dependency-cruiser.cjs (its "err" format).
// 2. No cycle between the top-level folders of src/. dependency-cruiser checks cycles per
//    file, and its folder scope builds a graph over every folder at every depth: one cycle is
//    reported many times, and a cycle that enters a folder through a subfolder (a/x → b,
//    b → a/dto/y) is missed. Here each file counts as its top-level folder; the files
//    directly in src/ (main, worker, bootstrap, app.module) count as one node, the composition root.
// 3. File names under src/: kebab-case, and a kind suffix from the house's set (or none).
//
// Exits 1 when any of the three finds something.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { format } from 'dependency-cruiser';

// Kinds in use (style.md 1): Nest's building blocks, TypeORM's, and the house's own.
// A file without a kind (`deadline-plan.ts`) is a plain module: pure functions, types, constants.
const KINDS = [
  'module',
  'controller',
  'service',
  'guard',
  'pipe',
  'filter',
  'decorator',
  'registry',
  'queue', // a feature's BullMQ queue and its jobs with their payload types (jobs/ platform)
  'events', // a feature's event payloads, added to the DomainEventMap
  'retention', // a feature's retention targets, contributed to retention/
  'client', // an outgoing HTTP client
  'validator', // a class-validator constraint
  'pdf', // a PDF renderer
  'constants',
  'entity',
  'strategy', // TypeORM naming strategy
  'dto',
  'query', // list-query DTOs, and a module's exported read class (style.md 19)
  'view',
  'interceptor', // Nest's building block: the dashboard's page headers
  'page', // a dashboard page: HTML rendered from what the services read (src/web/)
];
const FILE_NAME = new RegExp(`^[a-z0-9]+(?:-[a-z0-9]+)*(?:\\.(?:${KINDS.join('|')}))?(?:\\.spec)?\\.ts$`);
// A suffix means what it says: the decorator and the suffix come together or not at all.
const DECORATED_KINDS = [
  { suffix: '.module.ts', label: '@Module', decorator: /^@Module\(/m },
  { suffix: '.controller.ts', label: '@Controller', decorator: /^@Controller\(/m },
  { suffix: '.entity.ts', label: '@Entity', decorator: /^@(?:View)?Entity\(/m },
];

const ROOT = '(src/*.ts)';
const topFolder = (path) => {
  const match = /^src\/(?:([^/]+)\/)?/.exec(path);
  return match ? (match[1] ?? ROOT) : undefined;
};

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Tarjan's strongly connected components; returns those with more than one folder. */
function cycles(graph) {
  let index = 0;
  const stack = [];
  const seen = new Map();
  const found = [];
  const visit = (node) => {
    const entry = { index, low: index, onStack: true };
    seen.set(node, entry);
    index += 1;
    stack.push(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      const other = seen.get(next);
      if (!other) {
        visit(next);
        entry.low = Math.min(entry.low, seen.get(next).low);
      } else if (other.onStack) {
        entry.low = Math.min(entry.low, other.index);
      }
    }
    if (entry.low === entry.index) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        seen.get(member).onStack = false;
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!seen.has(node)) visit(node);
  return found;
}

function folderCycles(result) {
  /** @type {Map<string, Map<string, string[]>>} folder → folder → example imports */
  const graph = new Map();
  for (const module of result.modules) {
    const from = topFolder(module.source);
    if (!from) continue;
    if (!graph.has(from)) graph.set(from, new Map());
    for (const dependency of module.dependencies) {
      const to = topFolder(dependency.resolved);
      if (!to || to === from) continue;
      const edges = graph.get(from);
      if (!edges.has(to)) edges.set(to, []);
      edges.get(to).push(`${module.source} → ${dependency.resolved}`);
    }
  }
  return cycles(graph).map((component) => {
    const lines = [`  error folder-cycle: ${component.join(' ⇄ ')}`];
    for (const from of component) {
      for (const [to, imports] of graph.get(from)) {
        if (!component.includes(to)) continue;
        const more = imports.length > 1 ? ` (and ${imports.length - 1} more)` : '';
        lines.push(`      ${from} → ${to}: ${imports[0]}${more}`);
      }
    }
    return lines.join('\n');
  });
}

function* filesUnder(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

function fileNames() {
  const problems = [];
  for (const path of [...filesUnder('src')].sort()) {
    const name = relative('src', path).split('/').pop();
    if (!FILE_NAME.test(name)) {
      problems.push(`  error file-name: ${path} (kebab-case, with no kind or one of: ${KINDS.join(', ')}; .spec may follow)`);
      continue;
    }
    const source = readFileSync(path, 'utf8');
    for (const { suffix, label, decorator } of DECORATED_KINDS) {
      const named = name.endsWith(suffix);
      const decorated = !name.endsWith('.spec.ts') && decorator.test(source);
      if (named && !decorated) problems.push(`  error file-name: ${path} is named *${suffix} but declares no ${label}`);
      if (decorated && !named) problems.push(`  error file-name: ${path} declares ${label} but is not named *${suffix}`);
    }
  }
  return problems;
}

const input = await readStdin();
if (!input.trim()) {
  console.error('check-structure: no dependency-cruiser output on stdin (did depcruise fail?)');
  process.exit(2);
}
const result = JSON.parse(input);
const report = await format(result, { outputType: 'err' });
process.stdout.write(report.output);

const structure = [...folderCycles(result), ...fileNames()];
if (structure.length > 0) {
  console.log(`\n${structure.join('\n')}\n\nx ${structure.length} structure problem(s): folder cycles between top-level folders of src/, file names.\n`);
} else {
  console.log('✔ no cycles between the top-level folders of src/; every file under src/ is named by its kind.');
}
process.exit(report.exitCode > 0 || structure.length > 0 ? 1 : 0);
