// dependency-cruiser: the import rules of docs/architecture.md, checked on every import.
// `npm run deps` runs this over src, test, bench and migrations, then
// scripts/check-structure.mjs for what is not a rule about one import: cycles between the
// top-level folders of src/, and file names.
//
// Platform and infrastructure folders are listed; every other folder under src/ is a
// feature, so a new feature folder is covered without touching this file.
//   platform:        common, auth, audit, jobs, deadlines, notifications, retention
//   infrastructure:  config, database, observability
// api-keys/ is today's auth/ (keys, roles, the guard's lookup): platform, not a feature.
// Every controller, platform ones included, needs its roles and actor, so a platform folder
// must be able to import it; a reporter key names its processor by id, not by import.
const PLATFORM = ['common', 'auth', 'api-keys', 'audit', 'jobs', 'deadlines', 'notifications', 'retention'];
const INFRASTRUCTURE = ['config', 'database', 'observability'];
const FEATURE = `^src/(?!(?:${[...PLATFORM, ...INFRASTRUCTURE].join('|')})/)[^/]+/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'platform-imports-feature',
      comment: 'A platform folder never imports a feature; a feature plugs into it through its registries (architecture.md, style.md 16-17).',
      severity: 'error',
      from: { path: `^src/(?:${PLATFORM.join('|')})/` },
      to: { path: FEATURE },
    },
    {
      name: 'infrastructure-imports-feature',
      comment: 'config/, database/ and observability/ sit under every feature and import none.',
      severity: 'error',
      from: { path: `^src/(?:${INFRASTRUCTURE.join('|')})/` },
      to: { path: FEATURE },
    },
    {
      name: 'common-imports-other-folder',
      comment: 'common/ (problem+json, pagination, clock, ids, instants) is imported by everything, so it imports nothing else of src/: its guard importing api-keys is what the move to auth/ removes.',
      severity: 'error',
      from: { path: '^src/common/' },
      to: { path: '^src/', pathNot: '^src/common/' },
    },
    {
      name: 'no-runtime-cycle',
      comment:
        'Modules that load each other at runtime see each other half-initialised (undefined imports, Nest "cannot resolve dependency"). A cycle closed only by `import type` is erased at compile time, so allowed (entity pairs do this).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that resolves to nothing: a typo, a moved file, or a package that is not installed.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-orphans',
      comment: 'A module nothing imports and that imports nothing is dead code (or forgotten wiring).',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: [
          '\\.d\\.ts$', // ambient declarations are found by the compiler, not imported
          '^test/summary-reporter\\.js$', // named in package.json's jest.reporters
        ],
      },
      to: {},
    },
    {
      name: 'not-to-unlisted',
      comment: "A package missing from package.json works only while another package's dependency hoists it.",
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'src-imports-dev-dependency',
      comment: 'The image runs `npm prune --omit=dev` after the build; a devDependency imported at runtime by src/ is not there. Types and specs are fine.',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.spec\\.ts$' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'src-imports-test-or-bench',
      comment: 'test/ and bench/ are not built into dist/ (tsconfig.build.json).',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'migration-imports-src',
      comment: 'A landed migration is never edited; importing an entity or a constant from src/ would change it when src/ changes.',
      severity: 'error',
      from: { path: '^migrations/' },
      to: { path: '^src/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: they tie folders together just the same (no-runtime-cycle
    // is the one rule that lets them through).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
