// Lint set-up: typescript-eslint's recommended type-aware rules plus React hooks rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public', 'test-results', 'coverage', 'bench-results', '.scratch'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      // Nothing is ever inserted as HTML (links, files and labels are rendered as text).
      'no-restricted-syntax': [
        'error',
        {
          selector: 'AssignmentExpression > MemberExpression.left[property.name=/^(innerHTML|outerHTML)$/]',
          message: 'Do not insert HTML: build elements, or render text with React.',
        },
        {
          selector: 'CallExpression[callee.property.name=/^(insertAdjacentHTML|html)$/]',
          message: 'Do not insert HTML: build elements, or render text with React / d3 .text().',
        },
        {
          selector: "CallExpression[callee.object.name='document'][callee.property.name=/^write(ln)?$/]",
          message: 'document.write inserts HTML.',
        },
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Do not insert HTML: render text with React.',
        },
      ],
    },
  },
  // Build-time configuration in CommonJS (dependency-cruiser reads .cjs configs).
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // The service worker template is plain JavaScript run in a ServiceWorkerGlobalScope.
  { files: ['src/offline/sw.js'], languageOptions: { globals: { ...globals.serviceworker } } },
);
