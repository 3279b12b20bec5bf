import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseTopology, insideFolders, orderTopologyFiles, settingTarget, settingValueFor } from '../../../src/core/topology/choice';

const F = '/repo';

test('no topology file anywhere: none, with nothing else to offer', () => {
  assert.deepEqual(chooseTopology({ folders: [F], candidates: [], setting: '', settingExists: false }), {
    file: undefined,
    reason: 'none',
    others: [],
  });
});

test('empty setting: the file at the root of a workspace folder wins over deeper ones', () => {
  const c = chooseTopology({
    folders: [F],
    candidates: ['/repo/a/dubbo-topology.yaml', '/repo/dubbo-topology.yaml', '/repo/b/c/dubbo-topology.yaml'],
    setting: '',
    settingExists: false,
  });
  assert.equal(c.file, '/repo/dubbo-topology.yaml');
  assert.equal(c.reason, 'folder-root');
  assert.deepEqual(c.others, ['/repo/a/dubbo-topology.yaml', '/repo/b/c/dubbo-topology.yaml']);
  assert.equal(c.missing, undefined);
});

test('several workspace folders: the root of a later folder beats a nested file of an earlier one', () => {
  const c = chooseTopology({
    folders: ['/one', '/two', '/three'],
    candidates: ['/one/x/dubbo-topology.yaml', '/three/dubbo-topology.yaml', '/two/dubbo-topology.yaml'],
    setting: '',
    settingExists: false,
  });
  assert.equal(c.file, '/two/dubbo-topology.yaml');
  assert.equal(c.reason, 'folder-root');
  assert.deepEqual(c.others, ['/three/dubbo-topology.yaml', '/one/x/dubbo-topology.yaml']);
});

test('no file at a folder root: the shallowest one', () => {
  const c = chooseTopology({
    folders: [F],
    candidates: ['/repo/a/b/dubbo-topology.yaml', '/repo/z/dubbo-topology.yaml'],
    setting: '',
    settingExists: false,
  });
  assert.equal(c.file, '/repo/z/dubbo-topology.yaml');
  assert.equal(c.reason, 'shallowest');
  assert.deepEqual(c.others, ['/repo/a/b/dubbo-topology.yaml']);
});

test('equally shallow files: the first by path, whatever order they were found in', () => {
  const files = ['/repo/staging/dubbo-topology.yaml', '/repo/prod/dubbo-topology.yaml', '/repo/dev/dubbo-topology.yaml'];
  for (const candidates of [files, [...files].reverse(), [files[1], files[0], files[2]]]) {
    const c = chooseTopology({ folders: [F], candidates, setting: '', settingExists: false });
    assert.equal(c.file, '/repo/dev/dubbo-topology.yaml');
    assert.deepEqual(c.others, ['/repo/prod/dubbo-topology.yaml', '/repo/staging/dubbo-topology.yaml']);
  }
});

test('path order compares code units, not the system language', () => {
  const c = chooseTopology({
    folders: [F],
    candidates: ['/repo/b/dubbo-topology.yaml', '/repo/B/dubbo-topology.yaml', '/repo/生产/dubbo-topology.yaml', '/repo/a/dubbo-topology.yaml'],
    setting: '',
    settingExists: false,
  });
  assert.deepEqual([c.file, ...c.others], [
    '/repo/B/dubbo-topology.yaml',
    '/repo/a/dubbo-topology.yaml',
    '/repo/b/dubbo-topology.yaml',
    '/repo/生产/dubbo-topology.yaml',
  ]);
});

test('files under node_modules are never chosen nor offered', () => {
  const c = chooseTopology({
    folders: [F],
    candidates: ['/repo/node_modules/dubbo-topology.yaml', '/repo/app/node_modules/x/dubbo-topology.yaml', '/repo/app/deep/dubbo-topology.yaml'],
    setting: '',
    settingExists: false,
  });
  assert.equal(c.file, '/repo/app/deep/dubbo-topology.yaml');
  assert.deepEqual(c.others, []);
});

test('the same file found twice (nested workspace folders) counts once', () => {
  const c = chooseTopology({
    folders: ['/repo', '/repo/prod'],
    candidates: ['/repo/prod/dubbo-topology.yaml', '/repo/prod/dubbo-topology.yaml', '/repo/./staging/dubbo-topology.yaml'],
    setting: '',
    settingExists: false,
  });
  assert.equal(c.file, '/repo/prod/dubbo-topology.yaml');
  assert.deepEqual(c.others, ['/repo/staging/dubbo-topology.yaml']);
});

test('a setting relative to the first workspace folder chooses that file', () => {
  const c = chooseTopology({
    folders: [F, '/other'],
    candidates: ['/repo/dubbo-topology.yaml', '/repo/staging/dubbo-topology.yaml', '/repo/prod/dubbo-topology.yaml'],
    setting: 'staging/dubbo-topology.yaml',
    settingExists: true,
  });
  assert.equal(c.file, '/repo/staging/dubbo-topology.yaml');
  assert.equal(c.reason, 'setting');
  assert.deepEqual(c.others, ['/repo/dubbo-topology.yaml', '/repo/prod/dubbo-topology.yaml']);
  assert.equal(c.missing, undefined);
});

test('an absolute setting is taken as it is, also outside the workspace', () => {
  const c = chooseTopology({
    folders: [F],
    candidates: ['/repo/dubbo-topology.yaml'],
    setting: '/srv/topologies/prod/dubbo-topology.yaml',
    settingExists: true,
  });
  assert.equal(c.file, '/srv/topologies/prod/dubbo-topology.yaml');
  assert.equal(c.reason, 'setting');
  assert.deepEqual(c.others, ['/repo/dubbo-topology.yaml']);
});

test('in Restricted Mode a setting outside the workspace folders is not used, and is named', () => {
  for (const setting of ['/srv/topologies/prod/dubbo-topology.yaml', '../elsewhere', '/repo-other/dubbo-topology.yaml']) {
    const c = chooseTopology({
      folders: [F, '/other'],
      candidates: ['/repo/dubbo-topology.yaml', '/repo/staging/dubbo-topology.yaml'],
      setting,
      // Whether it exists is not asked of a path outside: the answer is ignored.
      settingExists: true,
      insideOnly: true,
    });
    assert.equal(c.file, '/repo/dubbo-topology.yaml', setting);
    assert.equal(c.reason, 'folder-root');
    assert.equal(c.outside, settingTarget(setting, [F, '/other']));
    assert.equal(c.missing, undefined);
  }
});

test('in Restricted Mode a setting inside any workspace folder is used as in a trusted one', () => {
  for (const [setting, file] of [
    ['staging', '/repo/staging/dubbo-topology.yaml'],
    ['/other/qa/dubbo-topology.yaml', '/other/qa/dubbo-topology.yaml'],
    ['staging/../staging/dubbo-topology.yaml', '/repo/staging/dubbo-topology.yaml'],
  ]) {
    const c = chooseTopology({ folders: [F, '/other'], candidates: ['/repo/dubbo-topology.yaml'], setting, settingExists: true, insideOnly: true });
    assert.equal(c.file, file, setting);
    assert.equal(c.reason, 'setting');
    assert.equal(c.outside, undefined);
  }
  // Inside but missing: reported as missing, as in a trusted workspace.
  const c = chooseTopology({ folders: [F], candidates: ['/repo/dubbo-topology.yaml'], setting: 'qa', settingExists: false, insideOnly: true });
  assert.equal(c.missing, '/repo/qa/dubbo-topology.yaml');
  assert.equal(c.outside, undefined);
});

test('insideFolders: a path in a folder or the folder itself, not one beside it', () => {
  assert.equal(insideFolders('/repo/a/dubbo-topology.yaml', [F]), true);
  assert.equal(insideFolders('/repo', [F]), true);
  assert.equal(insideFolders('/repository/dubbo-topology.yaml', [F]), false);
  assert.equal(insideFolders('/dubbo-topology.yaml', [F]), false);
  assert.equal(insideFolders('/other/x', [F, '/other']), true);
  assert.equal(insideFolders('/repo/x', []), false);
});

test('the setting may name the folder holding the file', () => {
  assert.equal(settingTarget('prod', [F]), '/repo/prod/dubbo-topology.yaml');
  assert.equal(settingTarget('./prod/', [F]), '/repo/prod/dubbo-topology.yaml');
  assert.equal(settingTarget('prod/dubbo-topology.yaml', [F]), '/repo/prod/dubbo-topology.yaml');
  assert.equal(settingTarget('/abs/dubbo-topology.yaml', []), '/abs/dubbo-topology.yaml');
  assert.equal(settingTarget('  staging/dubbo-topology.yaml  ', [F]), '/repo/staging/dubbo-topology.yaml');
});

test('an empty or blank setting names nothing; a relative one without a folder cannot be resolved', () => {
  assert.equal(settingTarget('', [F]), undefined);
  assert.equal(settingTarget('   ', [F]), undefined);
  assert.equal(settingTarget('prod', []), undefined);
  const c = chooseTopology({ folders: [F], candidates: ['/repo/x/dubbo-topology.yaml'], setting: '  ', settingExists: false });
  assert.equal(c.reason, 'shallowest');
  assert.equal(c.missing, undefined);
});

test('a setting naming a missing file falls back to the default choice and says which file it was', () => {
  const c = chooseTopology({
    folders: [F],
    candidates: ['/repo/staging/dubbo-topology.yaml', '/repo/prod/dubbo-topology.yaml'],
    setting: 'qa/dubbo-topology.yaml',
    settingExists: false,
  });
  assert.equal(c.file, '/repo/prod/dubbo-topology.yaml');
  assert.equal(c.reason, 'shallowest');
  assert.equal(c.missing, '/repo/qa/dubbo-topology.yaml');
  assert.deepEqual(c.others, ['/repo/staging/dubbo-topology.yaml']);
});

test('a missing setting with no topology at all still says which file it was', () => {
  const c = chooseTopology({ folders: [], candidates: [], setting: 'prod', settingExists: false });
  assert.equal(c.file, undefined);
  assert.equal(c.reason, 'none');
  assert.equal(c.missing, 'prod');
});

test('candidates are listed in the order of the default choice', () => {
  assert.deepEqual(
    orderTopologyFiles(['/repo/b/c/dubbo-topology.yaml', '/repo/b/dubbo-topology.yaml', '/repo/dubbo-topology.yaml', '/repo/b/dubbo-topology.yaml'], [F]),
    ['/repo/dubbo-topology.yaml', '/repo/b/dubbo-topology.yaml', '/repo/b/c/dubbo-topology.yaml'],
  );
});

test('the value written for a chosen file: relative to the first folder when inside it, else absolute', () => {
  assert.equal(settingValueFor('/repo/staging/dubbo-topology.yaml', [F, '/other']), 'staging/dubbo-topology.yaml');
  assert.equal(settingValueFor('/repo/dubbo-topology.yaml', [F]), 'dubbo-topology.yaml');
  assert.equal(settingValueFor('/other/x/dubbo-topology.yaml', [F, '/other']), '/other/x/dubbo-topology.yaml');
  assert.equal(settingValueFor('/repo-2/dubbo-topology.yaml', [F]), '/repo-2/dubbo-topology.yaml');
  assert.equal(settingValueFor('/x/dubbo-topology.yaml', []), '/x/dubbo-topology.yaml');
});
