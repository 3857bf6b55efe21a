import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import webLayers from './apps/web/eslint-layers.js';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'infra/**/.terraform/**', 'apps/web/src/api/schema.d.ts', 'e2e/screenshots/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Test helpers read free-form API answers; production code keeps the rule.
    files: ['**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Web app: imports go one way, app → features → shared; no feature imports another.
    files: ['apps/web/src/**/*.{ts,tsx}'],
    plugins: { 'web-layers': webLayers },
    rules: { 'web-layers/one-way': 'error' },
  },
);
