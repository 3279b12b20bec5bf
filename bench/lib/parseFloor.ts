/**
 * What the lint does before it judges anything, as a command of its own: start, walk the workspace,
 * read every file, parse the topology and every nginx, Dubbo XML and properties file with the lint's
 * own parsers, and keep every tree to the end, as the lint does. `bench/lintWorkspace.mjs` bundles it
 * like the CLI and times it cold; the rest of a lint's time is analysis and report.
 * Usage: node parseFloor.js <workspace> — prints the number of files and top-level nodes parsed.
 */
import { parseXml } from '../../src/core/dubbo/xml';
import { parseNginx } from '../../src/core/nginx/parser';
import { NodeWorkspace } from '../../src/core/nodeWorkspace';
import { parseProperties } from '../../src/core/properties/parse';
import { parseTopology, TOPOLOGY_FILE } from '../../src/core/topology/parse';

const ws = new NodeWorkspace(process.argv[2] ?? '.');
const kept: unknown[] = [parseTopology(TOPOLOGY_FILE, ws.read(TOPOLOGY_FILE) ?? '')];
let nodes = 0;
for (const file of ws.files()) {
  const text = ws.read(file);
  if (text === undefined) continue;
  if (file.endsWith('.conf')) {
    const c = parseNginx(file, text);
    nodes += c.nodes.length;
    kept.push(c);
  } else if (file.endsWith('.xml')) {
    const d = parseXml(text);
    nodes += d.roots.length;
    kept.push(d);
  } else if (file.endsWith('.properties')) {
    const p = parseProperties(text);
    nodes += p.byKey.size;
    kept.push(p);
  }
}
process.stdout.write(`${kept.length} ${nodes}\n`);
process.exit(0);
