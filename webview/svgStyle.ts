/**
 * The diagram's SVG styling, written against VS Code's theme variables. The live view adopts it as
 * a constructable stylesheet; an export embeds it with every variable replaced by its current
 * value, so the saved file looks the same outside the editor.
 */
export const SVG_CSS = `
.diagram { font-family: var(--vscode-font-family, sans-serif); font-size: 12px; }
.diagram text { fill: var(--vscode-editor-foreground, #333); dominant-baseline: alphabetic; }
.diagram .muted { fill: var(--vscode-descriptionForeground, #717171); }
.diagram .canvas { fill: var(--vscode-editor-background, #fff); }

.region > rect.box { fill: var(--vscode-sideBar-background, #f3f3f3); stroke: var(--vscode-panel-border, #c8c8c8); stroke-width: 1; }
.region text.name { font-size: 13px; font-weight: 600; }
.region text.lan { font-size: 11px; }

.host > rect.box { fill: var(--vscode-editor-background, #fff); stroke: var(--vscode-editorWidget-border, #c8c8c8); stroke-width: 1; }
.host text.name { font-size: 13px; font-weight: 600; }
.host text.ip { font-size: 11px; }

.service > rect.box { fill: var(--vscode-editorWidget-background, #f3f3f3); stroke: var(--vscode-editorWidget-border, #c8c8c8); stroke-width: 1; }
.service.undefined > rect.box { stroke-dasharray: 3 2; }
.address > rect.box { fill: var(--vscode-editor-background, #fff); stroke: var(--vscode-editorWarning-foreground, #bf8803); stroke-dasharray: 3 2; }
.service text.label, .address text.label { font-size: 12px; }

.node { cursor: pointer; }
.node:hover > rect.box, .node:focus > rect.box { stroke: var(--vscode-focusBorder, #0090f1); stroke-width: 2; }
.node:focus { outline: none; }

.icon .fill { stroke: none; }
.icon .line { fill: none; stroke-width: 1.4; }
.kind-dubbo-provider .icon .fill { fill: var(--vscode-charts-green, #388a34); }
.kind-dubbo-consumer .icon .fill { fill: var(--vscode-charts-blue, #1a85ff); }
.kind-dubbo .icon .fill { fill: var(--vscode-charts-purple, #652d90); }
.kind-nginx .icon .fill { fill: var(--vscode-charts-orange, #d18616); }
.kind-zookeeper .icon .fill { fill: var(--vscode-charts-yellow, #bf8803); }
.kind-http .icon .fill { fill: var(--vscode-charts-blue, #1a85ff); }
.kind-other .icon .fill, .address .icon .fill { fill: var(--vscode-descriptionForeground, #717171); }
.icon .line { stroke: var(--vscode-editor-background, #fff); }

.badge rect { stroke: none; }
.badge text { font-size: 10px; font-weight: 700; text-anchor: middle; }
.badge.error rect { fill: var(--vscode-editorError-foreground, #e51400); }
.badge.warning rect { fill: var(--vscode-editorWarning-foreground, #bf8803); }
.badge.info rect { fill: var(--vscode-editorInfo-foreground, #1a85ff); }
.badge text { fill: var(--vscode-editor-background, #fff); }

.edge path.line, .edge-end path.line { fill: none; stroke: var(--vscode-editorLineNumber-foreground, #6e7681); stroke-width: 1.2; }
.edge.kind-registry path.line, .edge-end.kind-registry path.line { stroke: var(--vscode-charts-yellow, #bf8803); }
.edge.kind-ensemble path.line, .edge-end.kind-ensemble path.line { stroke: var(--vscode-charts-yellow, #bf8803); stroke-dasharray: 2 3; }
.edge.kind-upstream path.line, .edge-end.kind-upstream path.line { stroke: var(--vscode-charts-orange, #d18616); }
.edge.kind-nfs path.line, .edge-end.kind-nfs path.line { stroke: var(--vscode-charts-purple, #652d90); }
.edge.public path.line, .edge-end.public path.line { stroke-dasharray: 6 4; }
.edge.unreachable path.line, .edge-end.unreachable path.line { stroke: var(--vscode-editorError-foreground, #e51400); stroke-width: 2.4; }
.edge-end { pointer-events: none; }
.edge path.hit { fill: none; stroke: transparent; stroke-width: 10; pointer-events: stroke; }
.edge { cursor: pointer; }
.edge:hover path.line { stroke-width: 3; }
.arrow { fill: var(--vscode-editorLineNumber-foreground, #6e7681); }
.arrow.unreachable { fill: var(--vscode-editorError-foreground, #e51400); }

.hc .region > rect.box, .hc .host > rect.box, .hc .service > rect.box { stroke: var(--vscode-contrastBorder, #6fc3df); stroke-width: 1.5; }
.hc .edge path.line, .hc .edge-end path.line { stroke-width: 2; }
.hc .edge.unreachable path.line, .hc .edge-end.unreachable path.line { stroke-width: 3.5; }
`;

/** Replaces `var(--name, fallback)` by the value the page has now (for export). */
export function resolveVariables(css: string, lookup: (name: string) => string): string {
  return css.replace(/var\((--[\w-]+)(?:,\s*([^()]*))?\)/g, (_m, name: string, fallback?: string) => {
    const v = lookup(name).trim();
    return v !== '' ? v : (fallback ?? '').trim() || 'currentColor';
  });
}
