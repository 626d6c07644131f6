// ESLint: typescript-eslint's type-checked recommended rules over every TypeScript file
// tsconfig.json covers (src, test, bench, migrations), plus a few rules this NestJS code
// relies on; Prettier owns layout (eslint-config-prettier, last, switches off whatever
// would fight it). `npm run lint` fails on any warning.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'data/', 'coverage/'] },
  {
    // An eslint-disable comment that no longer disables anything is an error, not noise.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,

  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `_`-prefixed names and rest-sibling omission (`const { secret: _s, ...view } = row`)
      // are the code's way of saying "deliberately unused", as tsc's noUnusedLocals reads them.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Not enabled: consistent-type-imports. With emitDecoratorMetadata, Nest resolves a
      // constructor parameter by the class named in its type; an `import type` (or the rule's
      // autofix) erases that import and DI fails at runtime, not at compile time.
      // Not enabled: no-extraneous-class (strict set). A Nest module is an empty decorated class.

      // A switch over a union with no `default` must name every member (job names, kinds,
      // statuses); a `default` that groups "the rest" on purpose stays allowed.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // Deprecated Nest/TypeORM/BullMQ APIs surface when the dependencies are bumped.
      '@typescript-eslint/no-deprecated': 'error',
      // `return promise` inside try/catch (or a transaction callback's try) escapes the
      // catch and the finally; `return await` there, nowhere else.
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      // Injected collaborators and per-instance state are `private readonly`.
      '@typescript-eslint/prefer-readonly': 'error',
      // tsconfig has useUnknownInCatchVariables; `.catch((e) => …)` should not reopen `any`.
      '@typescript-eslint/use-unknown-in-catch-callback-variable': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },

  {
    // The service logs through pino (nestjs-pino), as JSON with the request id; a console
    // line bypasses both. bench/ and tests print on purpose.
    files: ['src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },

  {
    // supertest's `res.body` and jest's asymmetric matchers (expect.any, expect.objectContaining)
    // are typed `any`, so reading a response trips every no-unsafe-* rule. Only in the spec
    // files themselves; no-explicit-any stays on, so no `any` is written by hand.
    files: ['src/**/*.spec.ts', 'test/**/*.e2e-spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },

  {
    // Config files and the jest reporter: plain Node JavaScript, outside tsconfig.
    files: ['**/*.{js,cjs,mjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.{js,cjs}'],
    languageOptions: { sourceType: 'commonjs' },
  },

  prettier,
);
