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
  const parsed = JSON.parse(json) as { problems: unknown[]; graph: { edges: { problems: unknown[] }[] } };
  const edge = parsed.graph.edges.find((e) => e.problems.length > 0)!;
  for (const bad of [parsed.problems.length, -1, 0.5, '0']) {
    edge.problems[0] = bad;
    assert.equal(graphFromJson(JSON.stringify(parsed)), undefined, `problem index ${JSON.stringify(bad)}`);
  }
});
