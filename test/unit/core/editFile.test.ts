import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { editFile, NodeWorkspace } from '../../../src/core/nodeWorkspace';
import type { TextEdit } from '../../../src/core/types';
import { tempWorkspace } from '../support/context';

const edit = (line: number, a: number, b: number, newText: string): TextEdit => ({
  file: 'f',
  range: { start: { line, character: a }, end: { line, character: b } },
  newText,
});

/** GBK bytes of "# 华东1" (iconv -f utf-8 -t gbk). */
const GBK_COMMENT = Buffer.from([0x23, 0x20, 0xbb, 0xaa, 0xb6, 0xab, 0x31]);

test('editFile: positions are those of the text without its BOM, and the BOM is written back', () => {
  const dir = tempWorkspace({ exports: '\ufeff/srv 139.159.257.207(rw)\n' });
  const ws = new NodeWorkspace(dir);
  const text = ws.read('exports')!;
  assert.equal(text.indexOf('139'), 5);
  const r = editFile(join(dir, 'exports'), text, [edit(0, 5, 20, '139.159.250.207')]);
  assert.ok(!('reason' in r));
  assert.deepEqual(readFileSync(join(dir, 'exports')), Buffer.from('\ufeff/srv 139.159.250.207(rw)\n'));
});

test('editFile: a file that is not UTF-8 is left as it was, and says why', () => {
  const dir = tempWorkspace({});
  const path = join(dir, 'nginx.conf');
  const bytes = Buffer.concat([GBK_COMMENT, Buffer.from('\nserver 10.0.0.1:80;\n')]);
  writeFileSync(path, bytes);
  const text = new NodeWorkspace(dir).read('nginx.conf')!;
  assert.deepEqual(editFile(path, text, [edit(1, 7, 15, '10.0.0.2')]), { reason: 'not-utf8' });
  assert.deepEqual(readFileSync(path), bytes);
});

test('editFile: an XML file declaring another encoding takes ASCII edits only', () => {
  const xml = '<?xml version="1.0" encoding="GBK"?>\n<beans port="-1"/>\n';
  const dir = tempWorkspace({ 'a.xml': xml });
  const path = join(dir, 'a.xml');
  assert.deepEqual(editFile(path, xml, [edit(1, 13, 15, '端口')]), { reason: 'encoding', detail: 'GBK' });
  assert.equal(readFileSync(path, 'utf8'), xml);
  const r = editFile(path, xml, [edit(1, 13, 15, '20880')]);
  assert.ok(!('reason' in r));
  assert.equal(readFileSync(path, 'utf8'), xml.replace('-1', '20880'));
});

test('editFile: a file changed since it was read, or gone, is not written', () => {
  const dir = tempWorkspace({ 'a.conf': 'listen 80;\n' });
  const path = join(dir, 'a.conf');
  assert.deepEqual(editFile(path, 'listen 81;\n', [edit(0, 7, 9, '90')]), { reason: 'changed' });
  assert.equal(readFileSync(path, 'utf8'), 'listen 80;\n');
  const gone = editFile(join(dir, 'b.conf'), 'x', [edit(0, 0, 1, 'y')]);
  assert.equal('reason' in gone && gone.reason, 'io');
  assert.match('detail' in gone ? gone.detail : '', /ENOENT/);
});

test('editFile: CRLF lines stay CRLF, inserted lines too', () => {
  const yaml = 'regions:\r\n  east-2:\r\n    lan: [10.2.0.0/16]\r\n';
  const dir = tempWorkspace({ 't.yaml': yaml });
  editFile(join(dir, 't.yaml'), yaml, [edit(3, 0, 0, '    properties:\n      zk: x\n')]);
  assert.equal(readFileSync(join(dir, 't.yaml'), 'utf8'), `${yaml}    properties:\r\n      zk: x\r\n`);
});
