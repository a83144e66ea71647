// The JavaScript check: eslint's recommended rules on the page's modules (and on
// these tests), failing on unused variables and undeclared globals.
// Run from anywhere:  node tests/e2e/lint.mjs
import { ESLint } from 'eslint';
import js from '@eslint/js';
import globals from 'globals';
import { root } from './paths.mjs';

const strict = {
  'no-unused-vars': ['error', { args: 'after-used', caughtErrors: 'none' }],
  'no-undef': 'error',
  'prefer-const': 'error',
  eqeqeq: ['error', 'always'],
  'no-var': 'error',
};

const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    { ignores: ['www/pkg/**', 'dist/**', 'target/**', '**/node_modules/**'] },
    js.configs.recommended,
    { files: ['www/**/*.js'], languageOptions: { sourceType: 'module', globals: globals.browser }, rules: strict },
    { files: ['tests/e2e/**/*.mjs'], languageOptions: { sourceType: 'module', globals: { ...globals.node, ...globals.browser } }, rules: strict },
  ],
});

const results = await eslint.lintFiles(['www/**/*.js', 'tests/e2e/*.mjs']);
const formatter = await eslint.loadFormatter('stylish');
const text = await formatter.format(results);
const errors = results.reduce((n, r) => n + r.errorCount + r.warningCount, 0);
if (text) console.log(text);
console.log(`eslint: ${results.length} files, ${errors} problems`);
process.exit(errors ? 1 : 0);
