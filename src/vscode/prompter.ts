import * as vscode from 'vscode';
import type { Prompter } from '../ssh/types';

/**
 * The SSH layer's questions asked with VS Code UI: a modal warning for an unknown host key (with its
 * SHA256 fingerprint), a password box for secrets. Secrets live only in SecretStorage (keyed
 * `ssh-password:user@host:port` / `ssh-passphrase:<key path>`) and are dropped when they fail.
 */
export class VscodePrompter implements Prompter {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async confirmUnknownHostKey(hostId: string, knownHostsName: string, keyType: string, fingerprintSha256: string): Promise<boolean> {
    const trust = vscode.l10n.t('Trust and Connect');
    const pick = await vscode.window.showWarningMessage(
      vscode.l10n.t('The authenticity of host {0} ({1}) cannot be established.', hostId, knownHostsName),
      {
        modal: true,
        detail: vscode.l10n.t(
          '{0} key fingerprint: {1}\n\nCompare it with the fingerprint on the server (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub). Trusting adds the key to known_hosts.',
          keyType,
          fingerprintSha256,
        ),
      },
      trust,
    );
    return pick === trust;
  }

  async secret(key: string, prompt: string): Promise<string | undefined> {
    const stored = await this.secrets.get(key);
    if (stored !== undefined) return stored;
    const value = await vscode.window.showInputBox({
      title: vscode.l10n.t('Dubbo Topology: SSH'),
      prompt: localizedPrompt(key, prompt),
      password: true,
      ignoreFocusOut: true,
    });
    if (value === undefined) return undefined;
    await this.secrets.store(key, value);
    return value;
  }

  async forgetSecret(key: string): Promise<void> {
    await this.secrets.delete(key);
  }
}

function localizedPrompt(key: string, fallback: string): string {
  if (key.startsWith('ssh-passphrase:')) return vscode.l10n.t('Passphrase for the key {0}', key.slice('ssh-passphrase:'.length));
  if (key.startsWith('ssh-password:')) return vscode.l10n.t('Password for {0}', key.slice('ssh-password:'.length));
  return fallback;
}
