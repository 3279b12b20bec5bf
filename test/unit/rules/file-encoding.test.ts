import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultAnalyzers } from '../../../src/core/analyzers';
import { lintWorkspace } from '../../../src/core/engine';
import { NodeWorkspace } from '../../../src/core/nodeWorkspace';
import { tempWorkspace } from '../support/context';
import { at, ofRule, TWO_REGIONS } from '../support/lint';

const TOPO = TWO_REGIONS.replace(
  'api: { kind: dubbo-consumer, port: 8680 }',
  'api: { kind: dubbo-consumer, port: 8680, config: [api.xml], properties: [api.properties] }',
);
const XML = '<beans xmlns:dubbo="http://dubbo.apache.org/schema/dubbo">\n  <dubbo:registry address="${zk}"/>\n</beans>\n';

test('file-encoding: a GBK comment is reported on its line, and the rest of the file is still analyzed', () => {
  const dir = tempWorkspace({ 'dubbo-topology.yaml': TOPO, 'api.xml': XML });
  // "# 华东1" in GBK: bytes that are not UTF-8.
  const gbk = Buffer.from([0x23, 0x20, 0xbb, 0xaa, 0xb6, 0xab, 0x31]);
  writeFileSync(join(dir, 'api.properties'), Buffer.concat([Buffer.from('a=1\n'), gbk, Buffer.from('\nzk=zookeeper://10.9.9.9:2181\n')]));
  try {
    const r = lintWorkspace(new NodeWorkspace(dir), { analyzers: defaultAnalyzers })!;
    const ds = ofRule(r.diagnostics, 'file-encoding');
    assert.deepEqual(ds.map((d) => [d.file, at(d), d.severity]), [['api.properties', '1:2-1:7', 'warning']]);
    assert.match(ds[0].message, /not valid UTF-8/);
    // The value after the comment still resolves: the registry address is judged (unknown host).
    assert.ok(r.diagnostics.some((d) => d.file === 'api.xml' && d.message.includes('10.9.9.9')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('file-encoding: UTF-8 with a BOM and CRLF line ends is fine', () => {
  const dir = tempWorkspace({ 'dubbo-topology.yaml': TOPO, 'api.xml': XML });
  writeFileSync(join(dir, 'api.properties'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# 华东1\r\nzk=zookeeper://192.168.27.101:2181\r\n')]));
  try {
    const r = lintWorkspace(new NodeWorkspace(dir), { analyzers: defaultAnalyzers })!;
    assert.deepEqual(ofRule(r.diagnostics, 'file-encoding'), []);
    assert.deepEqual(r.diagnostics.filter((d) => d.file === 'api.properties'), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('file-encoding: a properties file with a byte order mark, on its first key (Java keeps the mark in it)', () => {
  const dir = tempWorkspace();
  try {
    const file = 'order/src/main/resources/config.properties';
    // The seed's file begins with a comment, which the mark only turns into a junk key: nothing to say.
    const text = readFileSync(join(dir, file), 'utf8');
    assert.match(text, /^#/);
    writeFileSync(join(dir, file), `\ufeff${text}`);
    assert.deepEqual(ofRule(lintWorkspace(new NodeWorkspace(dir), { analyzers: defaultAnalyzers })!.diagnostics, 'file-encoding'), []);
    // A key on the first line is lost.
    const keyFirst = text.split('\n').slice(1).join('\n');
    writeFileSync(join(dir, file), `\ufeff${keyFirst}`);
    const ds = ofRule(lintWorkspace(new NodeWorkspace(dir), { analyzers: defaultAnalyzers })!.diagnostics, 'file-encoding');
    assert.equal(ds.length, 1);
    assert.equal(at(ds[0]), `0:0-0:${keyFirst.indexOf('=')}`);
    const firstKey = keyFirst.split('=')[0];
    assert.equal(ds[0].file, file);
    assert.equal(
      ds[0].message,
      `This file begins with a UTF-8 byte order mark (BOM, invisible in most editors). Java keeps it as part of the first key, so "${firstKey}" is not defined for Spring or Dubbo. Save the file as UTF-8 without BOM.`,
    );
    const zh = ofRule(lintWorkspace(new NodeWorkspace(dir), { analyzers: defaultAnalyzers, locale: 'zh-cn' })!.diagnostics, 'file-encoding');
    assert.match(zh[0].message, /^此文件以 UTF-8 字节顺序标记/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('file-encoding: an XML file in the encoding its declaration names (GBK) is read in it, and is no encoding problem', () => {
  const huadong1 = Buffer.from([0xbb, 0xaa, 0xb6, 0xab, 0x31]); // "华东1" in GBK
  const xml = (decl: string) =>
    Buffer.concat([
      Buffer.from(`${decl}<beans xmlns:dubbo="http://dubbo.apache.org/schema/dubbo">\n  <!-- `),
      huadong1,
      Buffer.from(' -->\n  <dubbo:application name="api" owner="'),
      huadong1,
      Buffer.from('"/>\n</beans>\n'),
    ]);
  const dir = tempWorkspace({ 'dubbo-topology.yaml': TOPO });
  try {
    writeFileSync(join(dir, 'api.xml'), xml('<?xml version="1.0" encoding="GBK"?>\n'));
    const ws = new NodeWorkspace(dir);
    assert.match(ws.read('api.xml')!, /owner="华东1"/);
    assert.deepEqual(ofRule(lintWorkspace(ws, { analyzers: defaultAnalyzers })!.diagnostics, 'file-encoding'), []);
    // Without the declaration the same bytes are not UTF-8: reported, at the comment's line.
    writeFileSync(join(dir, 'api.xml'), xml(''));
    const ds = ofRule(lintWorkspace(new NodeWorkspace(dir), { analyzers: defaultAnalyzers })!.diagnostics, 'file-encoding');
    assert.deepEqual(ds.map((d) => [d.file, d.range.start.line]), [['api.xml', 1]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
