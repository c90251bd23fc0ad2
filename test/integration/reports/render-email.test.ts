import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PNG_SIGNATURE } from '../../../services/reports/chart-render.js';
import { createDashboardRenderer } from '../../../services/reports/render-dashboard.js';
import { prepareEmail, renderEmail } from '../../../services/reports/render-email.js';
import { renderEmailFiles } from '../../../services/reports/render-email-files.js';
import { GOLDEN_DIR, normaliseGenerated, renderGoldenCases } from '../../fixtures/reports/golden-cases.js';
import { HOSTILE_TITLE, hostileInputsFixture, reportInputsFixture } from '../../fixtures/reports/program-report-inputs.js';

describe('golden files', async () => {
  const cases = await renderGoldenCases();
  for (const [name, output] of Object.entries(cases)) {
    it(`${name} matches the committed golden file`, () => {
      // Missing goldens fail: they are written on purpose by write-goldens.ts and reviewed.
      const golden = readFileSync(new URL(name, GOLDEN_DIR), 'utf8');
      expect(normaliseGenerated(output)).toBe(golden);
    });
  }
});

describe('renderEmail', () => {
  it('answers the date question in the first paragraph of the leadership email, HTML and text', async () => {
    const email = await renderEmail('leadership', reportInputsFixture());
    const firstParagraph = /<p\b[^>]*>([^<]*)<\/p>/.exec(email.html)?.[1];
    expect(firstParagraph).toMatch(/^72% likely by the 15 July target; 85% likely by 19 July\. Two decisions needed by 1 June: cut gift cards/);
    const textParagraphs = email.text.split(/\n\s*\n/);
    expect(textParagraphs[1]).toMatch(/^72% likely by the 15 July target; 85% likely by 19 July\./);
    expect(email.html).toContain('max-width: 600px');
  });

  it('attaches real PNGs and references each by cid, with no SVG or remote image in the mail', async () => {
    for (const kind of ['tpm', 'leadership'] as const) {
      const email = await renderEmail(kind, reportInputsFixture());
      expect(email.attachments.length).toBeGreaterThan(0);
      for (const attachment of email.attachments) {
        expect(attachment.contentType).toBe('image/png');
        expect(attachment.content.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
        expect(attachment.content.length).toBeGreaterThan(2000);
        expect(email.html).toContain(`src="cid:${attachment.cid}"`);
      }
      const imageSources = [...email.html.matchAll(/<img[^>]*\ssrc="([^"]*)"/g)].map((m) => m[1]);
      expect(imageSources.every((src) => src?.startsWith('cid:'))).toBe(true);
      expect(email.html).not.toMatch(/<svg/i);
    }
    const tpm = await renderEmail('tpm', reportInputsFixture());
    expect(tpm.attachments.map((a) => a.filename)).toEqual(['dependency-graph.png', 'forecast-cdf.png']);
  });

  it('makes every link absolute', async () => {
    for (const kind of ['tpm', 'leadership'] as const) {
      const email = await renderEmail(kind, reportInputsFixture(), { unsubscribeUrl: 'https://seams.example.com/u?t=1' });
      const hrefs = [...email.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
      expect(hrefs.length).toBeGreaterThan(0);
      for (const href of hrefs) expect(href).toMatch(/^https:\/\//);
    }
  });

  it('inlines the CSS into style attributes', async () => {
    const email = await renderEmail('tpm', reportInputsFixture());
    expect(email.html).toMatch(/<h2 style="[^"]*font-size: 17px/);
    expect(email.html).not.toContain('.badge {');
  });

  it('renders hostile tracker text as text in HTML and keeps it verbatim in the text part', async () => {
    for (const kind of ['tpm', 'leadership'] as const) {
      const email = await renderEmail(kind, hostileInputsFixture());
      expect(email.html).not.toContain('<script');
      expect(email.html).not.toContain('<img src=x');
      expect(email.html).not.toContain('<b>VP</b>');
      expect(email.html).not.toContain('javascript:');
      expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(email.text).toContain(HOSTILE_TITLE);
    }
    const tpm = await renderEmail('tpm', hostileInputsFixture());
    expect(tpm.html).toContain('Checkout &lt;i&gt;v2&lt;/i&gt;: weekly report');
  });

  it('personalizes cheaply: shared attachments, escaped names, unsubscribe only when given', async () => {
    const prepared = await prepareEmail('tpm', reportInputsFixture());
    const a = prepared.personalize({ recipient: 'Ann <Admin>', unsubscribeUrl: 'https://seams.example.com/u?t=1&l=2' });
    const b = prepared.personalize({ recipient: 'Bob' });
    expect(a.attachments[0]!.content).toBe(b.attachments[0]!.content);
    expect(a.html).toMatch(/<p[^>]*>Hi Ann &lt;Admin&gt;,<\/p>/);
    expect(a.text).toContain('Hi Ann <Admin>,');
    expect(a.html).toContain('href="https://seams.example.com/u?t&#x3D;1&amp;l&#x3D;2"');
    expect(a.text).toContain('Unsubscribe: https://seams.example.com/u?t=1&l=2');
    expect(b.html).toContain('Hi Bob,');
    expect(b.html).not.toContain('Unsubscribe');
    expect(() => prepared.personalize({ unsubscribeUrl: 'javascript:alert(1)' })).toThrow(RangeError);
  });

  it('writes .html, .txt and the PNGs for `seams report --out`', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seams-report-'));
    await renderEmailFiles('leadership', reportInputsFixture(), dir);
    expect((await readdir(dir)).sort()).toEqual([
      'leadership-confidence-trend.png',
      'leadership-target-trend.png',
      'leadership.html',
      'leadership.preview.html',
      'leadership.subject.txt',
      'leadership.txt',
    ]);
    expect(await readFile(join(dir, 'leadership.preview.html'), 'utf8')).toContain('src="leadership-confidence-trend.png"');
    expect((await readFile(join(dir, 'leadership-confidence-trend.png'))).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });
});

describe('dashboard pages', () => {
  const renderer = createDashboardRenderer();

  it('draws the confidence and target trend charts on the program page, with the target per week', async () => {
    const base = reportInputsFixture();
    const history = base.history.map((h, i) => (i === 0 ? { ...h, targetDate: '2027-06-30' } : h));
    const html = await renderer.program(reportInputsFixture({ history }), { basePath: '' });
    expect(html).toContain('Date confidence by week');
    expect(html).toContain('Forecast and target by week');
    expect(html).toContain('target 30 Jun → 15 Jul');
    expect(html).toContain('<td>30 Jun 2027</td>');
  });

  it('renders hostile text as text on the program and report pages', async () => {
    for (const html of [await renderer.program(hostileInputsFixture(), { basePath: '' }), await renderer.report(hostileInputsFixture(), { basePath: '' })]) {
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img src=x');
      expect(html).not.toContain('javascript:');
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    }
  });

  it('shows the graph with highlighted critical nodes, the team filter, the CDF chart and the history', async () => {
    const html = await renderer.program(reportInputsFixture(), { basePath: '/dash' });
    expect(html.match(/class="node on-path critical"/g)).toHaveLength(5);
    expect(html).toContain('<input type="checkbox" name="team" value="Web Checkout" checked>');
    expect(html).toContain('<script src="/dash/assets/dashboard.js" defer></script>');
    expect(html).toMatch(/<svg[^>]*class="marks"/);
    expect(html).toContain('<td>2027-W19</td>');
  });
});
