// Runs the integration suites in desktop VS Code (Electron) through @vscode/test-electron, for
// contributors whose machine can download VS Code (it fetches the build on first use into
// .vscode-test/). CI uses code-server instead (test/editor.test.mjs); the suites are the same.
//
//   npm run test:desktop                      # VS Code 1.100.3, the lowest version we support
//   VSCODE_VERSION=stable npm run test:desktop
//
// On Linux without a display, run it under xvfb-run.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(__dirname, '..', '..');

async function session(trusted: boolean, version: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dubbo-topology-desktop-'));
  const workspace = path.join(dir, 'two-region');
  fs.cpSync(path.join(root, 'examples', 'two-region'), workspace, { recursive: true });
  const userData = path.join(dir, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({ 'security.workspace.trust.startupPrompt': 'never', 'workbench.startupEditor': 'none' }),
  );
  console.log(`\n${trusted ? 'Trusted workspace' : 'Restricted Mode'}: ${workspace}`);
  await runTests({
    version,
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'index'),
    launchArgs: [
      workspace,
      '--user-data-dir',
      userData,
      '--disable-extensions',
      ...(trusted ? ['--disable-workspace-trust'] : []),
    ],
  });
  fs.rmSync(dir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const version = process.env.VSCODE_VERSION ?? '1.100.3';
  await session(true, version);
  await session(false, version);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
