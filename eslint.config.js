// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The runtime of each folder is visible in its path, and these rules keep it so (as VS Code's layering rule does).
const nodeBuiltins = { group: ['node:*'], message: 'src-shared runs everywhere: no Node built-ins.' };
const electron = {
  group: ['electron', 'electron/*'],
  message: 'Only src-main/app and src-preload may import electron.',
};
const mainFromRenderer = {
  group: ['**/src-main/**', '../src-main/*', '../../src-main/*'],
  message: 'The renderer talks to the engine through window.lectern only.',
};

const engineOutward = {
  group: ['**/app/*', '**/serve/*', '**/cli/*', '**/cli/**', '**/measure/*', '**/measure/**'],
  message: 'The engine never imports app, serve, cli or measure: they import the engine.',
};

// The preload builds window.lectern from the contract and nothing else: src-shared and electron are all it needs.
const preloadOnly = {
  regex: '^(?!electron$|\\.\\./src-shared/)',
  message: 'The preload imports only src-shared and electron.',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.node.json', './tsconfig.web.json', './tsconfig.renderer-test.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/only-throw-error': 'off',
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins,
            electron,
            { group: ['react', 'react-dom', 'fs', 'path', 'os'], message: 'src-shared runs everywhere.' },
          ],
        },
      ],
      // DOM and Node globals are not available in the shared layer (tsconfig.shared.json has neither lib).
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require', 'navigator'],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['src-main/serve/**/*.ts', 'src-main/cli/**/*.ts', 'src-main/measure/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electron] }] },
  },
  {
    // The engine is the product's core: the hosts (app, serve, cli) and measurement use it, never the reverse.
    files: ['src-main/engine/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electron, engineOutward] }] },
  },
  {
    files: ['src-preload/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [preloadOnly] }] },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [mainFromRenderer, nodeBuiltins, electron] }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
  },
);
