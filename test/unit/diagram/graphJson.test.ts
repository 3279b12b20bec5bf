import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultAnalyzers } from '../../../src/core/analyzers';
import { workspaceGraph } from '../../../src/core/diagram/workspaceGraph';
import { createContext, lintWorkspace } from '../../../src/core/engine';
import { NodeWorkspace } from '../../../src/core/nodeWorkspace';
import { graphFromJson, graphToJson } from '../../../src/shared/diagramProtocol';
import { exampleDir } from '../support/context';

// The diagram graph as the lint worker sends it to the webview: JSON with each problem written once.

function exampleGraph() {
  const ws = new NodeWorkspace(exampleDir);
  const r = lintWorkspace(ws, { analyzers: defaultAnalyzers, locale: 'en' })!;
  return workspaceGraph(r.topology, r.diagnostics, createContext(ws, r.topology));
}

test('graphToJson / graphFromJson: the same graph back, each shared problem written once and shared again', () => {
  const graph = exampleGraph();
  const all = [...graph.hosts, ...graph.services, ...graph.edges].flatMap((x) => x.problems);
  const distinct = new Set(all);
  // The example draws some finding on more than one element, so there is something to share.
  assert.ok(all.length > distinct.size, `${all.length} problems, ${distinct.size} distinct`);
  const json = graphToJson(graph);
  assert.ok(json.length < JSON.stringify(graph).length, 'shorter than the graph written out');
  const back = graphFromJson(json)!;
  assert.deepEqual(back, JSON.parse(JSON.stringify(graph)));
  const backAll = [...back.hosts, ...back.services, ...back.edges].flatMap((x) => x.problems);
  assert.equal(new Set(backAll).size, distinct.size, 'one object per problem after reading');
});

test('graphFromJson: anything else is not a graph', () => {
  const json = graphToJson(exampleGraph());
  assert.equal(graphFromJson('not json'), undefined);
  assert.equal(graphFromJson(JSON.stringify(exampleGraph())), undefined, 'a graph written out as it is');
  const parsed = JSON.parse(json) as { problems: unknown[]; files: unknown[]; graph: { edges: unknown[][]; services: { problems: unknown[] }[] } };
  // An edge is a row: its problems are its 20th value, its file its 11th.
  const row = parsed.graph.edges.find((e) => (e[19] as unknown[]).length > 0)!;
  const service = parsed.graph.services.find((x) => x.problems.length > 0)!;
  for (const bad of [parsed.problems.length, -1, 0.5, '0']) {
    const problems = row[19] as unknown[];
    const was = problems[0];
    problems[0] = bad;
    assert.equal(graphFromJson(JSON.stringify(parsed)), undefined, `edge problem index ${JSON.stringify(bad)}`);
    problems[0] = was;
    service.problems[0] = bad;
    assert.equal(graphFromJson(JSON.stringify(parsed)), undefined, `service problem index ${JSON.stringify(bad)}`);
    service.problems[0] = was;
  }
  assert.ok(graphFromJson(JSON.stringify(parsed)), 'mended again');
  for (const bad of [parsed.files.length, -1, '0']) {
    const was = row[10];
    row[10] = bad;
    assert.equal(graphFromJson(JSON.stringify(parsed)), undefined, `file index ${JSON.stringify(bad)}`);
    row[10] = was;
  }
  row.push(0);
  assert.equal(graphFromJson(JSON.stringify(parsed)), undefined, 'a row of another length');
});

test('graphToJson: an edge is written as a row of its values, its file once for the graph', () => {
  const graph = exampleGraph();
  const json = graphToJson(graph);
  const parsed = JSON.parse(json) as { files: string[]; graph: { edges: unknown[][] } };
  assert.equal(parsed.graph.edges.length, graph.edges.length);
  assert.ok(parsed.graph.edges.every((r) => Array.isArray(r)));
  assert.deepEqual(parsed.files, [...new Set(graph.edges.map((e) => e.location.file))]);
  // The example's edges written as rows take well under half of their text as objects with problem indexes.
  const asObjects = JSON.stringify(graph.edges.map((e) => ({ ...e, problems: e.problems.map(() => 0) })));
  assert.ok(JSON.stringify(parsed.graph.edges).length < asObjects.length / 2, `${JSON.stringify(parsed.graph.edges).length} against ${asObjects.length}`);
});
