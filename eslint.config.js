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
