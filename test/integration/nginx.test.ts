import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, ours, revert, ruleOf, waitFor } from './support';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

suite('nginx gateway of the seed', () => {
  test('the seed nginx.conf mistakes are reported, hovers explain them, and the IP quick fix applies', async () => {
    const { model } = await api();
    const uri = model.uri('nginx/nginx.conf');
    const doc = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri)).then((e) => e.document);
    const invalid = await waitFor('ip-invalid in nginx.conf', () => ours(uri).find((d) => ruleOf(d) === 'ip-invalid'));
    const timeout = await waitFor('nginx-proxy-connect-timeout', () => ours(uri).find((d) => ruleOf(d) === 'nginx-proxy-connect-timeout'));
    const dr = await waitFor('nginx-dr-upstream-no-backup', () => ours(uri).find((d) => ruleOf(d) === 'nginx-dr-upstream-no-backup'));
    const lineOf = (needle: string) => doc.getText().split('\n').findIndex((l) => l.includes(needle));
    assert.equal(invalid.range.start.line, lineOf('139.159.257.207'));
    assert.equal(timeout.range.start.line, lineOf('proxy_connect_timeout'));
    assert.equal(dr.range.start.line, lineOf('upstream tomcatServer'));
    assert.equal(timeout.severity, vscode.DiagnosticSeverity.Warning);

    const onAddress = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, invalid.range.start.translate(0, 2));
    assert.match(hoverText(onAddress), /139\.159\.250\.207 \(api-2/);
    const onDirective = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(timeout.range.start.line, 10));
    assert.match(hoverText(onDirective), /ngx_http_proxy_module\.html#proxy_connect_timeout/);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, invalid.range);
    const fix = actions.find((a) => /139\.159\.250\.207/.test(a.title));
    assert.ok(fix?.edit, `an address quick fix among ${actions.map((a) => a.title).join(' | ')}`);
    await vscode.workspace.applyEdit(fix.edit);
    assert.ok(doc.getText().includes('server 139.159.250.207:8680 weight=10;'));
    // With a valid address, the plain-HTTP hop across the public network shows on that line.
    const plain = await waitFor('nginx-upstream-plaintext-public after the fix', () => ours(uri).find((d) => ruleOf(d) === 'nginx-upstream-plaintext-public'));
    assert.equal(plain.range.start.line, lineOf('139.159.250.207'));
    await revert(doc);
  });
});
