import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * A room may not import from these: the rule names the room and why. Each file falls in one room
 * only (`ignores` carves a room out of a wider one), as a later rule would replace an earlier one.
 */
const keepOut = (files, rules, ignores = []) => ({
  files,
  ignores,
  rules: { 'no-restricted-imports': ['error', { patterns: rules.map(restricted) }] },
});

/**
 * Globs as a regular expression (`**` any path, `*` one segment, `!` keeps a path out): a `group`
 * would read them as .gitignore lines, where a leading `#` makes a comment and nothing is restricted.
 */
const restricted = ([globs, message]) => {
  const regex = (glob) =>
    glob
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\*\*/g, '\0')
      .replace(/\*/g, '[^/]*')
      .replace(/\0/g, '.*');
  const allowed = globs.filter((glob) => glob.startsWith('!')).map((glob) => regex(glob.slice(1)));
  const refused = globs.filter((glob) => !glob.startsWith('!')).map(regex);
  return { regex: `^${allowed.length ? `(?!(?:${allowed.join('|')})$)` : ''}(?:${refused.join('|')})$`, message };
};

/** Use cases reach AWS through the adapters, and people through presentation; HTTP stays with the answer-page handler. */
const USE_CASES = [
  ['@aws-sdk/**', '#workflows/**', '#local/**', '#infra/**', '#http/**'],
  'Use cases reach AWS through the adapters; HTTP stays in functions/http.',
];

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
      [
        [
          '#use-cases/**',
          '#adapters/**',
          '#presentation/**',
          '#http/**',
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
      ],
    ],
  ),
  keepOut(
    ['functions/presentation/**'],
    [
      [
        ['#use-cases/**', '#adapters/**', '#http/**', '#workflows/**', '#local/**', '#infra/**', '@aws-sdk/**'],
        'Presentation (texts, pages, letters) is built from the domain and platform alone: it reads nothing and sends nothing.',
      ],
    ],
  ),
  // The question engine (ask, record, take an answer, the registries) sits above the stages whose questions it runs.
  keepOut(['functions/use-cases/questions/**'], [USE_CASES]),
  keepOut(
    ['functions/use-cases/**'],
    [USE_CASES, [['#use-cases/questions/**'], 'A stage does not call the question engine: the engine calls the stages through its registries.']],
    ['functions/use-cases/questions/**', 'functions/use-cases/relationship/**'],
  ),
  keepOut(
    ['functions/use-cases/relationship/**'],
    [
      USE_CASES,
      [
        ['#use-cases/**', '!#use-cases/relationship/**'],
        'use-cases/relationship (the question contract, the relationship context, letters to its people) is the bottom of the use cases: the stages and the engine build on it.',
      ],
    ],
  ),
  keepOut(
    ['functions/adapters/**', 'functions/platform/**'],
    [[['#use-cases/**', '#http/**', '#workflows/**', '#local/**', '#infra/**'], 'Adapters and platform serve the use cases; they do not call them.']],
  ),
  keepOut(
    ['functions/*.ts', 'functions/http/**'],
    [[['#adapters/store', '#adapters/store/**', '@aws-sdk/**'], 'A handler calls its use case; only use cases reach the store.']],
  ),
  keepOut(
    ['workflows/**'],
    [
      [
        ['#use-cases/**', '#adapters/**', '#presentation/**', '#http/**', '#platform/**', '#local/**', '#infra/**', '@aws-sdk/**'],
        'State machines are built from the domain alone.',
      ],
    ],
  ),
);
