import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, revert, waitFor, withSetting, workspaceUri } from './support';

// The example workspace: api-1 (华东1) has 192.168.27.101, which the nginx config, the three
// config.properties and the topology write.

suite('Navigation: addresses, placeholders, upstreams', () => {
  const open = async (...parts: string[]) => {
    const doc = await vscode.workspace.openTextDocument(workspaceUri(...parts));
    await waitFor('the analysis', async () => (await api()).model.isAnalyzed(parts.join('/')) || parts.join('/') === 'dubbo-topology.yaml');
    return doc;
  };
  const at = (doc: vscode.TextDocument, needle: string, shift = 2) => doc.positionAt(doc.getText().indexOf(needle) + shift);
  const where = (l: vscode.Location) => `${vscode.workspace.asRelativePath(l.uri, false)}:${l.range.start.line + 1}:${l.range.start.character + 1}`;
  const labelOf = (h: vscode.InlayHint) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));
  const hintLabels = async (doc: vscode.TextDocument) =>
    ((await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, new vscode.Range(0, 0, doc.lineCount, 0))) ?? []).map(labelOf);

  test('an inlay hint after each address names its host, region and role, and links to the host', async () => {
    const doc = await open('nginx', 'nginx.conf');
    const full = new vscode.Range(0, 0, doc.lineCount, 0);
    const hints = await waitFor('inlay hints', async () => {
      const h = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, full);
      return h && h.length > 0 ? h : undefined;
    });
    assert.deepEqual(
      hints.map((h) => [h.position.line + 1, h.position.character, labelOf(h)]),
      [[11, doc.lineAt(10).text.indexOf('192.168.27.101:8680') + '192.168.27.101:8680'.length, 'api-1 · 华东1 internal']],
    );
    const part = (hints[0].label as vscode.InlayHintLabelPart[])[0];
    assert.equal(where(part.location!), 'dubbo-topology.yaml:10:19');
    assert.equal(
      (part.tooltip as vscode.MarkdownString).value,
      'The internal address of **api-1** (华东1), defined in dubbo-topology.yaml:10. Reachable only inside 华东1.',
    );
    const props = await open('order', 'src', 'main', 'resources', 'config.properties');
    const propHints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', props.uri, new vscode.Range(0, 0, props.lineCount, 0));
    assert.deepEqual(propHints.map(labelOf), ['api-1 · 华东1 internal']);
  });

  test('an inlay hint after a ${placeholder} in Dubbo XML shows its value; dubboTopology.inlayHints.placeholders turns it off', async () => {
    const doc = await open('api', 'src', 'main', 'resources', 'applicationContext.xml');
    assert.deepEqual(await waitFor('placeholder hints', async () => ((await hintLabels(doc)).length > 0 ? hintLabels(doc) : undefined)), ['= zookeeper://192.168.27.101:2181']);
    await withSetting('inlayHints.placeholders', false, () => waitFor('no placeholder hints', async () => (await hintLabels(doc)).length === 0));
  });

  test('dubboTopology.inlayHints.addresses: false turns them off', async () => {
    const doc = await open('nginx', 'nginx.conf');
    await withSetting('inlayHints.addresses', false, () => waitFor('no inlay hints', async () => (await hintLabels(doc)).length === 0));
    await waitFor('inlay hints again', async () => (await hintLabels(doc)).length > 0);
  });

  test('Go to Definition on an address opens the host in the topology; an unknown one goes nowhere', async () => {
    const doc = await open('nginx', 'nginx.conf');
    const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, at(doc, '192.168.27.101'));
    assert.deepEqual(
      defs.map((d) => ('targetUri' in d ? where(new vscode.Location(d.targetUri, d.targetRange)) : where(d))),
      ['dubbo-topology.yaml:10:19'],
    );
    const none = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', doc.uri, at(doc, '139.159.257.207'));
    assert.deepEqual(none, []);
  });

  test('Go to Definition on a ${placeholder} opens its properties line; on an upstream name, the upstream block', async () => {
    const xml = await open('order', 'src', 'main', 'resources', 'applicationContext.xml');
    const links = await vscode.commands.executeCommand<vscode.LocationLink[]>('vscode.executeDefinitionProvider', xml.uri, at(xml, '${zookeeper.host}', 4));
    assert.deepEqual(
      links.map((l) => [where(new vscode.Location(l.targetUri, l.targetRange)), xml.getText(l.originSelectionRange)]),
      [['order/src/main/resources/config.properties:2:16', '${zookeeper.host}']],
    );
    const conf = await open('nginx', 'nginx.conf');
    const up = await vscode.commands.executeCommand<vscode.LocationLink[]>('vscode.executeDefinitionProvider', conf.uri, at(conf, 'http://tomcatServer', 9));
    assert.deepEqual(
      up.map((l) => where(new vscode.Location(l.targetUri, l.targetRange))),
      ['nginx/nginx.conf:9:14'],
    );
  });

  test('Outline: the topology as regions → hosts → services, nginx.conf as its blocks, Dubbo XML as its elements', async () => {
    const names = (list: vscode.DocumentSymbol[], depth = 0): string[] =>
      list.flatMap((s) => [`${'  '.repeat(depth)}${s.name}${s.detail ? ` [${s.detail}]` : ''}`, ...names(s.children, depth + 1)]);
    const topo = await open('dubbo-topology.yaml');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', topo.uri);
    assert.deepEqual(names(symbols).slice(0, 5), ['east-1 [华东1 · 192.168.27.0/24]', '  api-1 [192.168.27.101 · 139.159.250.7]', '    gateway [nginx :443]', '    api [dubbo-consumer :8680]', '    registry [zookeeper :2181]']);
    assert.equal(symbols.at(-1)?.name, 'upload');
    const conf = await open('nginx', 'nginx.conf');
    const blocks = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', conf.uri);
    assert.deepEqual(names(blocks), ['events', 'http', '  upstream tomcatServer', '  server [api.gogo.cn 443]', '    location /']);
    const xml = await open('order', 'src', 'main', 'resources', 'applicationContext.xml');
    const elements = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', xml.uri);
    assert.deepEqual(names(elements).slice(0, 4), ['beans', '  context:property-placeholder [location=classpath:config.properties]', '  dubbo:application [name=ts_provider_order]', '  dubbo:registry [address=${zookeeper.host}]']);
  });

  test('Find All References on an address, and on a host in the topology, lists every file that writes it', async () => {
    const doc = await open('nginx', 'nginx.conf');
    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, at(doc, '192.168.27.101'));
    assert.deepEqual(refs.map(where).sort(), [
      'api/src/main/resources/config.properties:2:28',
      'driver/src/main/resources/config.properties:2:28',
      'dubbo-topology.yaml:10:19',
      'nginx/nginx.conf:11:16',
      'order/src/main/resources/config.properties:2:28',
    ]);
    const topo = await open('dubbo-topology.yaml');
    const hostRefs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', topo.uri, at(topo, 'api-2:'));
    // The host's key: where the topology names it (its key, the share's clients) and where its addresses are written.
    assert.deepEqual(hostRefs.map(where).sort(), ['dubbo-topology.yaml:23:7', 'dubbo-topology.yaml:24:19', 'dubbo-topology.yaml:25:19', 'dubbo-topology.yaml:63:15']);
  });

  test('Rename on an address changes the host in the topology and every config naming it; a wrong address is refused', async () => {
    const doc = await open('nginx', 'nginx.conf');
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, at(doc, '192.168.27.101'), '192.168.27.111');
    const edits = edit.entries().flatMap(([uri, list]) => list.map((e) => `${where(new vscode.Location(uri, e.range))} ${e.newText}`));
    assert.deepEqual(edits.sort(), [
      'api/src/main/resources/config.properties:2:28 192.168.27.111',
      'driver/src/main/resources/config.properties:2:28 192.168.27.111',
      'dubbo-topology.yaml:10:19 192.168.27.111',
      'nginx/nginx.conf:11:16 192.168.27.111',
      'order/src/main/resources/config.properties:2:28 192.168.27.111',
    ]);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', doc.uri, at(doc, '192.168.27.101'), '172.16.8.101x')),
      /172\.16\.8\.101x is not an IP address/,
    );
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', doc.uri, at(doc, '192.168.27.101'), '192.168.27.102')),
      /192\.168\.27\.102 is already the internal address of app-1 in 华东1/,
    );
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', doc.uri, at(doc, 'upstream tomcatServer'), '10.0.0.1')),
      /Rename works on the IP address of a host, on a placeholder key, and in the topology on a host or service id/,
    );
  });

  test('References and Rename of an address follow an unsaved edit made since the last analysis', async () => {
    const doc = await open('nginx', 'nginx.conf');
    const props = await vscode.workspace.openTextDocument(workspaceUri('order', 'src', 'main', 'resources', 'config.properties'));
    // No analysis runs meanwhile: what the lint worker holds is the text before the edit.
    await withSetting('lint.debounceMs', 60_000, async () => {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(props.uri, new vscode.Position(0, 0), 'extra.host=192.168.27.101\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      try {
        const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, at(doc, '192.168.27.101'));
        assert.deepEqual(
          refs.map(where).filter((w) => w.startsWith('order/')).sort(),
          ['order/src/main/resources/config.properties:1:12', 'order/src/main/resources/config.properties:3:28'],
        );
        const renamed = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, at(doc, '192.168.27.101'), '192.168.27.111');
        assert.deepEqual(
          renamed.get(props.uri).map((e) => `${e.range.start.line + 1}:${e.range.start.character + 1} ${e.newText}`),
          ['1:12 192.168.27.111', '3:28 192.168.27.111'],
        );
      } finally {
        await revert(props);
      }
    });
    assert.equal(props.isDirty, false);
  });

  test('in the topology: Go to Definition from a service or host id to its key; Rename everywhere the topology names it', async () => {
    const topo = await open('dubbo-topology.yaml');
    const defs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', topo.uri, at(topo, 'registry: registry', 12));
    assert.deepEqual(defs.map((d) => where('targetUri' in d ? new vscode.Location((d as unknown as vscode.LocationLink).targetUri, (d as unknown as vscode.LocationLink).targetRange) : d)), ['dubbo-topology.yaml:56:3']);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', topo.uri, at(topo, 'registry: registry', 12), 'zk');
    const edits = edit.entries().flatMap(([uri, list]) => list.map((e) => `${where(new vscode.Location(uri, e.range))} ${e.newText}`));
    assert.deepEqual(edits.sort(), ['dubbo-topology.yaml:13:34 zk', 'dubbo-topology.yaml:47:15 zk', 'dubbo-topology.yaml:53:15 zk', 'dubbo-topology.yaml:56:3 zk']);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', topo.uri, at(topo, 'registry: registry', 12), 'order')),
      /A service order exists already/,
    );
  });

  test('in the topology: the outline, links and ids follow an unsaved edit made since the last analysis', async () => {
    const topo = await open('dubbo-topology.yaml');
    const hostsOf = (list: vscode.DocumentSymbol[]) => list.flatMap((region) => region.children.map((h) => h.name));
    // No analysis runs meanwhile: the topology the lint worker analyzed still names api-2.
    await withSetting('lint.debounceMs', 60_000, async () => {
      const edit = new vscode.WorkspaceEdit();
      const text = topo.getText();
      for (let i = text.indexOf('api-2'); i >= 0; i = text.indexOf('api-2', i + 1)) edit.replace(topo.uri, new vscode.Range(topo.positionAt(i), topo.positionAt(i + 5)), 'api-dr');
      edit.insert(topo.uri, new vscode.Position(0, 0), '# moved\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      try {
        const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', topo.uri);
        assert.ok(hostsOf(symbols).includes('api-dr') && !hostsOf(symbols).includes('api-2'), hostsOf(symbols).join(', '));
        const key = topo.getText().indexOf('api-dr:');
        const defs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', topo.uri, at(topo, 'clients: [api-dr]', 11));
        assert.deepEqual(defs.map((d) => ('targetRange' in d ? (d as unknown as vscode.LocationLink).targetRange : d.range).start), [topo.positionAt(key)]);
        const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', topo.uri);
        const nfs = topo.getText().indexOf('nfs/exports');
        assert.ok(links.some((l) => l.range.start.isEqual(topo.positionAt(nfs))), 'the links moved down a line with the text');
        const renamed = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', topo.uri, at(topo, 'clients: [api-dr]', 11), 'api-3');
        assert.deepEqual(
          renamed.get(topo.uri).map((e) => topo.offsetAt(e.range.start)).sort((a, b) => a - b),
          [...topo.getText().matchAll(/api-dr/g)].map((m) => m.index),
        );
      } finally {
        await revert(topo);
      }
    });
    assert.equal(topo.isDirty, false);
  });

  test('Find All References on a ${key}: the placeholders using it and where it is defined', async () => {
    const xml = await open('order', 'src', 'main', 'resources', 'applicationContext.xml');
    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', xml.uri, at(xml, '${zookeeper.host}', 4));
    assert.deepEqual(refs.map(where).sort(), ['order/src/main/resources/applicationContext.xml:14:30', 'order/src/main/resources/config.properties:2:1']);
  });

  test('Rename on a ${key}: its uses and definitions for the service, nothing else; a taken name is refused', async () => {
    const xml = await open('order', 'src', 'main', 'resources', 'applicationContext.xml');
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', xml.uri, at(xml, '${zookeeper.host}', 4), 'registry.address');
    const edits = edit.entries().flatMap(([uri, list]) => list.map((e) => `${where(new vscode.Location(uri, e.range))} ${e.newText}`));
    assert.deepEqual(edits.sort(), ['order/src/main/resources/applicationContext.xml:14:32 registry.address', 'order/src/main/resources/config.properties:2:1 registry.address']);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', xml.uri, at(xml, '${zookeeper.host}', 4), 'zoo keeper')),
      /"zoo keeper" is not a property key/,
    );
  });

  test('Find All References of a Host (tree context menu): its id and addresses wherever they are written', async () => {
    const locations = await vscode.commands.executeCommand<vscode.Location[]>('dubboTopology.findHostReferences', 'api-1');
    assert.deepEqual(locations.map(where).sort(), [
      'api/src/main/resources/config.properties:2:28',
      'driver/src/main/resources/config.properties:2:28',
      'dubbo-topology.yaml:10:19',
      'dubbo-topology.yaml:11:19',
      'dubbo-topology.yaml:61:13',
      'dubbo-topology.yaml:9:7',
      'nginx/nginx.conf:11:16',
      'order/src/main/resources/config.properties:2:28',
    ]);
    await vscode.commands.executeCommand('closeReferenceSearch');
  });

  test('the files dubbo-topology.yaml names are links', async () => {
    const topo = await open('dubbo-topology.yaml');
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', topo.uri);
    const ours = links.filter((l) => l.target?.scheme === 'file').map((l) => `${l.range.start.line + 1} ${vscode.workspace.asRelativePath(l.target!, false)}`);
    assert.ok(ours.includes('37 nginx/nginx.conf'), ours.join('; '));
    assert.ok(ours.includes('67 nfs/exports'), ours.join('; '));
    assert.equal(ours.length, 8, ours.join('; '));
  });
});
