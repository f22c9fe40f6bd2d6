// ESLint flat config: browser code in web/, Node code in tests/, bench/, scripts and build files.
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    ignores: ['dist/**', 'build/**', 'third_party/**', 'node_modules/**', '.cache/**'],
  },
  js.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2025, // import attributes: the highlighter imports its JSON data
      sourceType: 'module',
    },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-var': 'error',
      'prefer-const': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-implicit-globals': 'error',
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
    },
  },
  {
    // The page highlighter and the demo run in browsers.
    files: ['web/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // Strings reach the page as text only.
      'no-restricted-properties': ['error',
        { property: 'innerHTML', message: 'Set text with textContent; never HTML.' },
        { property: 'outerHTML', message: 'Set text with textContent; never HTML.' },
        { object: 'document', property: 'write', message: 'Never write HTML into the page.' }],
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Never insert HTML.' }],
    },
  },
  {
    // The demo page's classic scripts.
    files: ['web/demo/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  {
    files: ['web/build-*.mjs', 'tests/**/*.{js,mjs}', 'bench/**/*.{js,mjs}', 'scripts/**/*.{js,mjs}', 'wasm/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The WebAssembly module's JavaScript runs in pages, workers and Node alike.
    files: ['wasm/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser, ...globals.worker, ...globals.node } },
  },
  {
    // Tests and benchmarks send functions into browser pages and workers, where they run.
    files: ['tests/**/*.{js,mjs}', 'bench/**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser, ...globals.worker, cl: 'readonly', Highlight: 'readonly', HighlightRegistry: 'readonly' } },
    rules: { 'no-new-func': 'off' },
  },
];
