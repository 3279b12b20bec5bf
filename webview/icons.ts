/** A 16×16 glyph per service kind, drawn with SVG shapes (so an exported SVG needs no font). */

const NS = 'http://www.w3.org/2000/svg';

function el(name: string, attrs: Record<string, string | number>): SVGElement {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

const hexagon = 'M8 1 L14.5 4.75 L14.5 11.25 L8 15 L1.5 11.25 L1.5 4.75 Z';
const arrow = 'M4.5 8 H11 M8.5 5.5 L11 8 L8.5 10.5';

/** Shapes of each kind: `fill` parts take the kind's colour, `line` parts are drawn over them. */
const SHAPES: Record<string, { fill: [string, Record<string, string | number>][]; line: [string, Record<string, string | number>][] }> = {
  'dubbo-provider': {
    fill: [['path', { d: hexagon }]],
    line: [['circle', { cx: 8, cy: 8, r: 2.4 }]],
  },
  'dubbo-consumer': {
    fill: [['circle', { cx: 8, cy: 8, r: 7 }]],
    line: [['path', { d: arrow }]],
  },
  dubbo: {
    fill: [['path', { d: hexagon }]],
    line: [['path', { d: arrow }]],
  },
  nginx: {
    fill: [['path', { d: 'M8 0.8 L15.2 8 L8 15.2 L0.8 8 Z' }]],
    line: [['path', { d: 'M4 8 H7.5 M7.5 8 L11.5 5 M7.5 8 L11.5 11' }]],
  },
  zookeeper: {
    fill: [
      ['path', { d: 'M2 4 V12 A6 2.6 0 0 0 14 12 V4 Z' }],
      ['ellipse', { cx: 8, cy: 4, rx: 6, ry: 2.6 }],
    ],
    line: [['path', { d: 'M2 8 A6 2.6 0 0 0 14 8 M2 4 A6 2.6 0 0 0 14 4' }]],
  },
  http: {
    fill: [['circle', { cx: 8, cy: 8, r: 7 }]],
    line: [['path', { d: 'M1.5 8 H14.5 M8 1.2 A4 6.8 0 0 1 8 14.8 A4 6.8 0 0 1 8 1.2' }]],
  },
  other: {
    fill: [['rect', { x: 1.5, y: 1.5, width: 13, height: 13, rx: 3 }]],
    line: [],
  },
  address: {
    fill: [['rect', { x: 1.5, y: 1.5, width: 13, height: 13, rx: 3 }]],
    line: [['path', { d: 'M5.8 6 A2.3 2.3 0 1 1 8.6 8.2 L8 9.2 V10 M8 11.6 V12.4' }]],
  },
};

/** The icon group for a kind (or `address`), placed with its top-left corner at (x, y). */
export function kindIcon(kind: string, x: number, y: number): SVGElement {
  const g = el('g', { class: 'icon', transform: `translate(${x},${y})` });
  const shape = SHAPES[kind] ?? SHAPES.other;
  for (const [name, attrs] of shape.fill) g.appendChild(el(name, { ...attrs, class: 'fill' }));
  for (const [name, attrs] of shape.line) g.appendChild(el(name, { ...attrs, class: 'line' }));
  return g;
}

export { el as svgElement };
