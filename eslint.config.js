import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'src/http/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use a union of string literals.' },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'workers/**/*.ts'],
    ignores: ['src/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'tsoa',
              message:
                "Import from '@tsoa/runtime': 'tsoa' also loads the generator and TypeScript (a dev dependency).",
            },
          ],
        },
      ],
    },
  },
  ...['src/domain/*.ts', 'src/domain/*/*.ts', 'src/domain/*/*/*.ts'].map((files, depth) => ({
    files: [files],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                `${'../'.repeat(depth + 1)}*`,
                'node:*',
                'pg',
                'slonik',
                'express',
                'ioredis',
                'kafkajs',
              ],
              message: 'src/domain stays pure: no I/O and nothing from outside src/domain.',
            },
          ],
        },
      ],
    },
  })),
);
