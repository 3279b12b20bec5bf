import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProperties, withProfiles } from '../../../src/core/properties/parse';
import { parseSpringYaml } from '../../../src/core/properties/yaml';
import { expandProfiles, profileGroupsOf } from '../../../src/core/properties/profiles';

test('parses separators, comments, escapes and continuation lines with ranges', () => {
  const p = parseProperties('# c\n! c2\nzookeeper.host=zookeeper://192.168.27.101:2181\na : b\nc d\nlong = one, \\\n    two\nu=\\u534e\\u4e1c\n');
  assert.equal(p.byKey.get('zookeeper.host')?.value, 'zookeeper://192.168.27.101:2181');
  assert.deepEqual(p.byKey.get('zookeeper.host')?.valueRange, { start: { line: 2, character: 15 }, end: { line: 2, character: 46 } });
  assert.equal(p.byKey.get('a')?.value, 'b');
  assert.equal(p.byKey.get('c')?.value, 'd');
  assert.equal(p.byKey.get('long')?.value, 'one, two');
  assert.equal(p.byKey.get('long')?.range.end.line, 6);
  assert.deepEqual(p.byKey.get('long')?.valueRange.end, { line: 6, character: 7 });
  assert.equal(p.byKey.get('u')?.value, '华东');
});

test('a key defined twice: both entries kept, last wins', () => {
  const p = parseProperties('k=1\nk=2\n');
  assert.equal(p.entries.length, 2);
  assert.equal(p.byKey.get('k')?.value, '2');
});

test('Spring Boot documents (#--- or !--- alone on a line): those only for a profile or platform are left out, as Spring reads them by default', () => {
  const text = [
    'a=1',
    'zk=10.0.0.1',
    '#---',
    'spring.config.activate.on-profile=dev',
    'zk=127.0.0.1',
    '!---  ',
    'b=2',
    '#---',
    'spring.config.activate.on-cloud-platform=kubernetes',
    'b=3',
    '',
  ].join('\n');
  const p = parseProperties(text);
  assert.deepEqual(p.entries.map((e) => `${e.key}=${e.value}@${e.keyRange.start.line}`), ['a=1@0', 'zk=10.0.0.1@1', 'b=2@6']);
  assert.equal(p.byKey.get('zk')?.value, '10.0.0.1');
  // Not separators: indented, another length, text after it, or right after a comment of the same kind
  // (Spring reads such a line as part of that comment block); a separator without a condition splits nothing away.
  for (const sep of [' #---', '#----', '#--- x', '# ---', '#---x']) {
    assert.deepEqual(parseProperties(`zk=1\n${sep}\nspring.config.activate.on-profile=dev\nzk=2\n`).byKey.get('zk')?.value, undefined, sep);
  }
  assert.equal(parseProperties('zk=1\n# dev profile\n#---\nspring.config.activate.on-profile=dev\nzk=2\n').entries.length, 0);
  assert.equal(parseProperties('zk=1\n! dev profile\n#---\nspring.config.activate.on-profile=dev\nzk=2\n').byKey.get('zk')?.value, '1');
  assert.deepEqual(parseProperties('zk=1\n#---\nzk=2\n').entries.map((e) => e.value), ['1', '2']);
  // Spring's loader: a comment right after a separator (blank lines aside) joins what follows to the
  // document before it, so the condition then applies to that document.
  assert.equal(parseProperties('zk=1\n#---\n\n# dev\nspring.config.activate.on-profile=dev\nzk=2\n').entries.length, 0);
  assert.equal(parseProperties('zk=1\n#---\nspring.config.activate.on-profile=dev\n# dev\nzk=2\n').byKey.get('zk')?.value, '1');
  // A file that is one profile's document as a whole.
  assert.equal(parseProperties('spring.config.activate.on-profile=dev\nzk=2\n').entries.length, 0);
});

test('properties: a value not written as it reads keeps the place of each character (continuations, escapes)', () => {
  const text = 'a=zookeeper://\\\n    10.0.0.1:2181\nb=x\\:y\\u0041z\nc=\\\n  one\nd=plain\n';
  const [a, b, c, d] = parseProperties(text).entries;
  assert.equal(a.value, 'zookeeper://10.0.0.1:2181');
  assert.deepEqual(a.valueOffsets!.slice(0, -1).map((o) => text[o]).join(''), a.value);
  assert.equal(a.valueOffsets![12], text.indexOf('10.0.0.1'));
  assert.equal(b.value, 'x:yAz');
  assert.deepEqual(b.valueOffsets!.map((o) => text[o]).join(''), 'x\\y\\z\n');
  // Written as read, if on another line than the key: no map needed.
  assert.equal(c.valueOffsets, undefined);
  assert.equal(d.valueOffsets, undefined);
});

test('properties and YAML: the documents of a profile the file activates are read after the default ones; others, and platforms, are not', () => {
  const yaml = [
    'spring.profiles.active: dev',
    'zk: 1',
    'port: 20880',
    '---',
    'spring.config.activate.on-profile: dev',
    'port: -1',
    '---',
    'spring.config.activate.on-profile: prod',
    'zk: 3',
    '---',
    'spring.config.activate.on-profile: "!prod"',
    'host: a',
    '---',
    'spring.config.activate.on-cloud-platform: kubernetes',
    'zk: 4',
    '',
  ].join('\n');
  const y = parseSpringYaml(yaml);
  assert.deepEqual([...y.byKey].filter(([k]) => !k.startsWith('spring.')).map(([k, e]) => `${k}=${e.value}@${e.document}`), ['zk=1@0', 'port=-1@1', 'host=a@3']);
  // No profile named: Spring's "default" profile is active.
  const byDefault = parseSpringYaml('zk: 1\n---\nspring.config.activate.on-profile: default\nzk: 2\n---\nspring.profiles: dev | test\nzk: 3\n');
  assert.equal(byDefault.byKey.get('zk')?.value, '2');
  // Expressions: any of a list or of "|", all of "&"; parentheses are not read (left out).
  const expr = (on: string) => parseProperties(`spring.profiles.active=dev,eu\nzk=1\n#---\nspring.config.activate.on-profile=${on}\nzk=2\n`).byKey.get('zk')?.value;
  assert.deepEqual(['dev', 'prod, eu', 'prod | dev', 'dev & eu', 'dev & us', '!dev', '(dev)'].map(expr), ['2', '2', '2', '2', '1', '1', '1']);
  // spring.profiles.include adds a profile.
  assert.equal(parseProperties('spring.profiles.include=metrics\nzk=1\n#---\nspring.config.activate.on-profile=metrics\nzk=2\n').byKey.get('zk')?.value, '2');
});

test('withProfiles: spring.profiles.active set outside the file replaces its own; its spring.profiles.include still adds', () => {
  const text = [
    'spring.profiles.active: dev',
    'spring.profiles.include: audit',
    'zk: 1',
    '---',
    'spring.config.activate.on-profile: dev',
    'zk: 2',
    '---',
    'spring.config.activate.on-profile: dr',
    'zk: 3',
    '---',
    'spring.config.activate.on-profile: audit',
    'audit: on',
    '---',
    'spring.config.activate.on-profile: default',
    'fallback: yes',
    '',
  ].join('\n');
  const own = parseSpringYaml(text);
  assert.equal(own.byKey.get('zk')?.value, '2');
  assert.deepEqual([...own.profiles!].sort(), ['audit', 'dev']);
  const dr = withProfiles(own, ['dr']);
  assert.equal(dr.byKey.get('zk')?.value, '3');
  assert.equal(dr.byKey.get('audit')?.value, 'on');
  assert.equal(dr.own, own);
  // The default document's key is read, then overridden; the dev document is not read.
  assert.deepEqual(dr.entries.filter((e) => e.key === 'zk').map((e) => e.value), ['1', '3']);
  // One reading per set of profiles; the file's own when the same, or when nothing is set.
  assert.equal(withProfiles(own, ['dr']), dr);
  assert.equal(withProfiles(own, ['dev']), own);
  assert.equal(withProfiles(own, undefined), own);
  assert.equal(withProfiles(dr, undefined), own);
  // An empty value activates nothing but the includes: not Spring's default profile.
  assert.equal(withProfiles(own, []).byKey.get('fallback'), undefined);
  assert.equal(withProfiles(parseSpringYaml('zk: 1\n---\nspring.config.activate.on-profile: default\nfallback: yes\n'), []).byKey.get('fallback')?.value, 'yes');
  // A file without profile documents reads the same everywhere.
  const plain = parseProperties('zk=1\n');
  assert.equal(withProfiles(plain, ['dr']), plain);
});

test('profile groups in one file: spring.profiles.group.* adds its members to the profiles the file, or the deploy, activates', () => {
  const text = [
    'spring.profiles.active=prod',
    'spring.profiles.group.prod=proddb,prodmq',
    'db=h2',
    'mq=none',
    '#---',
    'spring.config.activate.on-profile=proddb',
    'db=pg',
    '#---',
    'spring.config.activate.on-profile=prodmq',
    'mq=rabbit',
    '#---',
    'spring.config.activate.on-profile=drdb',
    'db=pg-dr',
    '#---',
    'spring.profiles.group.dr=drdb',
    '',
  ].join('\n');
  const own = parseProperties(text);
  assert.deepEqual([...own.profiles!], ['prod', 'proddb', 'prodmq']);
  assert.equal(own.byKey.get('db')?.value, 'pg');
  assert.equal(own.byKey.get('mq')?.value, 'rabbit');
  // Set from outside, dr replaces prod; a group defined in any plain document counts.
  const dr = withProfiles(own, ['dr']);
  assert.deepEqual([...dr.profiles!], ['dr', 'drdb']);
  assert.equal(dr.byKey.get('db')?.value, 'pg-dr');
  assert.equal(dr.byKey.get('mq')?.value, 'none');
  // A group defined in a profile's document is not read (Spring refuses it there).
  const inDoc = parseProperties('spring.profiles.active=a\n#---\nspring.config.activate.on-profile=a\nspring.profiles.group.a=b\n#---\nspring.config.activate.on-profile=b\nx=1\n');
  assert.deepEqual([...inDoc.profiles!], ['a']);
  assert.equal(inDoc.byKey.get('x'), undefined);
});

test('expandProfiles: each profile then its members, depth first, each once (a loop ends)', () => {
  const groups = new Map([
    ['a', ['b', 'c']],
    ['b', ['d', 'a']],
    ['e', ['a']],
  ]);
  assert.deepEqual(expandProfiles(['a', 'e'], groups), ['a', 'b', 'd', 'c', 'e']);
  assert.deepEqual(expandProfiles(['x'], groups), ['x']);
  const props = (lines: string) => parseProperties(lines);
  // A later (outranking) file is read first: its group is kept.
  const into = profileGroupsOf(props('spring.profiles.group.a=x\n'));
  profileGroupsOf(props('spring.profiles.group.a=y\nspring.profiles.group.b= p , q ,\n'), into);
  assert.deepEqual([...into], [['a', ['x']], ['b', ['p', 'q']]]);
});
