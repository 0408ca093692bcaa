// Lint rules, including the dependency rule of docs/architecture.md enforced through no-restricted-imports.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['node_modules', 'data', 'coverage', 'web/dist'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // Tests read loosely typed JSON answers on purpose.
    files: ['test/**', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['eslint.config.js', 'vitest.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // The kernel is shared vocabulary: it imports nothing of ours.
    files: ['src/kernel/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['../modules/*', '../adapters/*', '../sandbox/*', '../config/*'] },
      ],
    },
  },
  {
    // The sandbox is Meta, not us: it may use the wire formats and the kernel only.
    files: ['src/sandbox/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/modules/**', '**/adapters/**', '**/config/**'] }],
    },
  },
  {
    // Adapters implement ports; they never reach into module internals.
    files: ['src/adapters/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '/modules/[^/]+/(?!index\\.ts$)', message: 'Import a module through its index.ts.' },
          ],
        },
      ],
    },
  },
  {
    // Modules talk to each other only through index.ts.
    files: ['src/modules/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./[^./][^/]*/(?!index\\.ts$)',
              message: 'Use the other module through its index.ts.',
            },
            { regex: '/sandbox/', message: 'Modules never import the sandbox.' },
          ],
        },
      ],
    },
  },
);
