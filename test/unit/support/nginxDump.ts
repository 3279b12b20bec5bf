import assert from 'node:assert/strict';
import type { NginxArg, NginxConfig, NginxDirective, NginxNode } from '../../../src/core/nginx/parser';

function arg(a: NginxArg): unknown {
  return { value: a.value, raw: a.raw, quote: a.quote, unterminated: a.unterminated, start: a.start, end: a.end, range: a.range };
}

function node(n: NginxNode): unknown {
  if (n.kind === 'comment') return { comment: n.text, start: n.start, end: n.end, range: n.range };
  return {
    name: n.name,
    nameToken: arg(n.nameToken),
    nameEnd: n.nameEnd,
    args: n.args.map(arg),
    terminator: n.terminator,
    terminatorOffset: n.terminatorOffset,
    block: n.block?.map(node),
    rawBody: n.rawBody,
    closeOffset: n.closeOffset,
    start: n.start,
    end: n.end,
    range: n.range,
  };
}

/**
 * Everything a parsed configuration tells its readers, positions and ranges included, as plain data;
 * its links as the offsets of the directives and of their parents. Asserts that the links are
 * directives of the tree itself.
 */
export function nginxDump(config: NginxConfig): unknown {
  const inTree = new Set<NginxDirective>();
  const walk = (nodes: readonly NginxNode[]) => {
    for (const n of nodes) {
      if (n.kind !== 'directive') continue;
      inTree.add(n);
      if (n.block) walk(n.block);
    }
  };
  walk(config.nodes);
  for (const d of [...config.links.directives, ...config.links.parents.flat()]) assert.ok(inTree.has(d), `link ${d.name} at ${d.start} is not in the tree`);
  return {
    file: config.file,
    text: config.text,
    lines: config.lines.lineCount,
    nodes: config.nodes.map(node),
    errors: config.errors,
    links: config.links.directives.map((d, i) => [d.start, d.name, config.links.parents[i].map((p) => p.start)]),
  };
}
