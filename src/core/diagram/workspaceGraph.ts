import type { AnalyzerContext } from '../analyzer';
import { serviceImports } from '../dubbo/imports';
import type { Topology } from '../topology/model';
import type { Diagnostic } from '../types';
import { buildDiagramGraph, type DiagramGraph, type ObservedEdge, type SeverityCounts } from './graph';
import { observedEdges } from './observed';

/**
 * The diagram graph of an analysis: the topology, its findings, and what the configuration files
 * say in `ctx` (the addresses they use, the files each service's XML imports). A context of another
 * topology, or one whose files fail to read, gives the graph of the topology alone.
 */
export function workspaceGraph(topology: Topology, diagnostics: readonly Diagnostic[], ctx: AnalyzerContext | undefined): DiagramGraph {
  let observed: ObservedEdge[] = [];
  let imported: Map<string, string[]> | undefined;
  try {
    if (ctx?.topology === topology) {
      observed = observedEdges(ctx);
      imported = new Map(topology.services.map((s) => [s.id, [...serviceImports(ctx, s), ...ctx.configImports(s)]]));
    }
  } catch {
    observed = [];
  }
  return buildDiagramGraph({ topology, diagnostics, observed, imported });
}

/** The problem counts of every region, host and service node of a graph, by node id (what the tree shows). */
export function nodeCounts(graph: DiagramGraph): [string, SeverityCounts][] {
  return [...graph.regions, ...graph.hosts, ...graph.services].map((n) => [n.id, n.counts]);
}
