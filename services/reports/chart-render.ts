/**
 * Vega-Lite spec → SVG (vega's headless View) → PNG (resvg). Email clients block SVG and remote
 * images, so email gets the PNG by CID; the dashboard inlines the SVG.
 */
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

export async function renderChartSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

// The font ships as an npm dependency: chart text must not depend on what the host has installed.
const require = createRequire(import.meta.url);
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));

/** Rendered at 2x so the picture stays sharp on high-density phone screens. */
export function svgToPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

/** The first 8 bytes of every PNG file. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The width attribute of an SVG's root element, in px. */
export function svgWidth(svg: string): number {
  const match = /^<svg[^>]*?\swidth="([\d.]+)"/.exec(svg);
  if (!match) throw new Error('SVG without a width attribute');
  return Math.round(Number(match[1]));
}
