import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** A room may not import from these: the rule names the room and why. */
const keepOut = (files, patterns, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }] },
});

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'runs/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.cjs', 'vitest.config.ts'] }, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A leading underscore marks what a signature must name but the body does not use.
      // Implementations of an async interface may have nothing to await; async keeps their throws as rejections.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  { files: ['**/*.js', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  // Configuration that tools load with require() (dependency-cruiser's rule set).
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } } },
  {
    // Tests read run records and templates as JSON and assert on their shape.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  keepOut(
    ['functions/domain/**'],
    [
      '#use-cases/**',
      '#adapters/**',
      '#platform/**',
      '#workflows/**',
      '#local/**',
      '#infra/**',
      '@aws-sdk/**',
      'aws-cdk-lib',
      'aws-cdk-lib/**',
      'node:*',
      'i18next',
      'nodemailer',
      'nodemailer/**',
    ],
    'The domain holds rules over data only: no adapter, platform, AWS SDK or other I/O.',
  ),
  keepOut(['functions/use-cases/**'], ['@aws-sdk/**', '#workflows/**', '#local/**', '#infra/**'], 'Use cases reach AWS through the adapters.'),
  keepOut(
    ['functions/adapters/**', 'functions/platform/**'],
    ['#use-cases/**', '#workflows/**', '#local/**', '#infra/**'],
    'Adapters and platform serve the use cases; they do not call them.',
  ),
  keepOut(['functions/*.ts'], ['#adapters/store', '#adapters/store/**', '@aws-sdk/**'], 'A handler calls its use case; only use cases reach the store.'),
  keepOut(
    ['workflows/**'],
    ['#use-cases/**', '#adapters/**', '#platform/**', '#local/**', '#infra/**', '@aws-sdk/**'],
    'State machines are built from the domain alone.',
  ),
);
