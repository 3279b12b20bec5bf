// ESLint flat config: typescript-eslint's recommended rules for the TypeScript sources and the
// scripts, plus the architecture rule that the editor-free layers never import `vscode`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeGlobals = Object.fromEntries(
  [
    'process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'setTimeout', 'clearTimeout', 'setInterval',
    'clearInterval', 'setImmediate', 'clearImmediate', 'structuredClone', 'AbortController', 'TextEncoder',
    'TextDecoder', 'fetch', 'performance', 'queueMicrotask', 'globalThis',
  ].map((g) => [g, 'readonly']),
);

const noVscode = {
  paths: [{ name: 'vscode', message: 'This layer runs without the editor (CLI, tests): keep vscode out of it.' }],
  patterns: [{ group: ['**/vscode/*', '**/src/vscode/**'], message: 'The editor-free layers must not depend on src/vscode.' }],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', '.vscode-test/', 'test/fixtures/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: nodeGlobals },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/ssh/**/*.ts', 'src/deploy/**/*.ts', 'src/nfs/**/*.ts', 'src/registry/**/*.ts', 'src/cli.ts', 'src/cliRegistry.ts'],
    rules: { 'no-restricted-imports': ['error', noVscode] },
  },
  {
    files: ['webview/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: noVscode.paths }] },
  },
);
