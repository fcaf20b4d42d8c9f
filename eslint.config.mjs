// Lint rules for the host, the webview app, the tests and the scripts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.tools/**', '.test-work/**', 'sample/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        window: 'readonly',
        document: 'readonly',
        globalThis: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Debuggee data is text: use textContent.' },
        { property: 'outerHTML', message: 'Debuggee data is text: use textContent.' },
      ],
    },
  },
  {
    // common/ is shared by host and webview: it imports neither `vscode`, the DOM, nor anything above it.
    files: ['common/**/*.ts'],
    languageOptions: { globals: { window: 'off', document: 'off' } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'common/ is shared with the webview: no vscode.' }],
          patterns: [
            {
              group: ['**/extension/**', '**/webview/**', '../*', '!../common/**'],
              message: 'common/ imports only common/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The pure host core never imports vscode (unit-tested in Node) nor webview code.
    files: ['extension/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The pure core must not import vscode.' }],
          patterns: [{ group: ['**/webview/**'], message: 'The host never imports webview code.' }],
        },
      ],
    },
  },
  {
    // The host never imports webview code: what both sides need lives in common/.
    files: ['extension/**/*.ts'],
    ignores: ['extension/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/webview/**'], message: 'The host never imports webview code: use common/.' },
          ],
        },
      ],
    },
  },
  {
    // The webview imports only common/ (and its own files and npm packages).
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The webview must not import vscode.' }],
          patterns: [
            { group: ['**/extension/**'], message: 'The webview imports only common/ (shared code).' },
          ],
        },
      ],
    },
  },
);
