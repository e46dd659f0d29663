// /guidelines/: the files citation links open, against the real bot server over a knowledge base written here (two files
// with the same name in different folders, non-ASCII and newline file names, a PDF, a text file, Markdown summaries).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/knowledge/ingest.js';
import { PassageStore } from '../../src/retrieval/store.js';
import { guidelinePath, sectionAnchor } from '../../src/api/guideline-page.js';
import { GUIDELINE_FILE_CSP, parseRange } from '../../src/api/guideline-files.js';
import { message, post, startOpsBot, type OpsBot } from '../ops/support.js';
import { textPdf } from '../knowledge/pdf-fixtures.js';

const summary = (title: string, recommendation: string, extra = '') =>
  [
    '---',
    `title: "${title}"`,
    'developer: "Test Panel <script>alert(1)</script>"',
    'released: "2020 Jan"',
    '---',
    '',
    `# ${title}`,
    '',
    '## Major Recommendations',
    '',
    'Summary of Recommendations and Evidence',
    '',
    recommendation,
    '',
    '## Clinical Considerations',
    '',
    `Clinicians should weigh harms and benefits with each patient before acting on this statement. ${extra}`,
    '',
  ].join('\n');

const FILES: Record<string, string | Buffer> = {
  'uspstf/same-name.md': summary(
    'Gout flares: colchicine prophylaxis (folder one)',
    'The panel recommends colchicine prophylaxis for gout flares when urate-lowering therapy starts. (B recommendation)',
  ),
  'ngc/same-name.md': summary(
    'Psoriasis plaques: topical vitamin D analogues (folder two)',
    'The panel recommends topical calcipotriol for mild plaque psoriasis in adults. (B recommendation)',
    '<script>alert("x")</script> <img src=x onerror=alert(1)>',
  ),
  'Ärztliche Leitlinie – Schwindel.md': summary(
    'Benign paroxysmal positional vertigo: repositioning',
    'Offer the Epley manoeuvre for posterior canal BPPV. (A recommendation)',
  ),
  'line\nbreak notes.txt':
    'Plain text guideline with a newline in its file name.\n\nRest and fluids for viral pharyngitis.\n',
  'va/guide.pdf': textPdf([
    {
      heading: 'Synthetic Tinnitus Guideline',
      body: [
        'Offer sound therapy for bothersome chronic tinnitus in adults.',
        'Cognitive behavioural therapy helps distress.',
      ],
    },
    { heading: 'Recommendations', body: ['Recommendation 1. We suggest sound therapy for chronic tinnitus.'] },
  ]),
};

let root: string;
let bot: OpsBot;
let paths: Map<string, string>;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-files-'));
  const kbDir = path.join(root, 'kb');
  for (const [name, body] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(kbDir, name)), { recursive: true });
    fs.writeFileSync(path.join(kbDir, name), body);
  }
  const indexPath = path.join(root, 'index.sqlite');
  const store = PassageStore.open(indexPath);
  try {
    const report = await ingestPaths(store, [kbDir], { workers: 1 });
    expect(report.failed).toEqual([]);
  } finally {
    store.close();
  }
  bot = await startOpsBot({ indexPath, kbDir });
  paths = new Map((await bot.runtime.retriever.listGuidelines()).map((g) => [g.docId, g.path!]));
}, 120_000);

afterAll(async () => {
  await bot?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const url = (docId: string) => `${bot.server.url}${guidelinePath(docId)}`;

describe('/guidelines/<docId>', () => {
  it('indexes every test file under its path, so links can name each one', () => {
    expect([...paths.keys()].sort()).toEqual(Object.keys(FILES).sort());
  });

  it('opens the right one of two files with the same name in different folders', async () => {
    const one = await (await fetch(url('uspstf/same-name.md'))).text();
    const two = await (await fetch(url('ngc/same-name.md'))).text();
    expect(one).toContain('colchicine');
    expect(one).not.toContain('calcipotriol');
    expect(two).toContain('calcipotriol');
    expect(two).not.toContain('colchicine');
    // Folders as plain slashes work too.
    expect(await (await fetch(`${bot.server.url}/guidelines/ngc/same-name.md`)).text()).toContain('calcipotriol');
    // The bare file name is ambiguous: not found, rather than the wrong guideline.
    const bare = await fetch(`${bot.server.url}/guidelines/same-name.md`);
    expect(bare.status).toBe(404);
    expect(((await bare.json()) as { error: string }).error).toBe('ambiguous');
  });

  it('serves non-ASCII and newline file names (no 500), with a Content-Disposition that carries the exact name', async () => {
    for (const docId of ['Ärztliche Leitlinie – Schwindel.md', 'line\nbreak notes.txt']) {
      const res = await fetch(`${url(docId)}?raw=1`);
      expect(res.status, JSON.stringify(docId)).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(fs.readFileSync(paths.get(docId)!))).toBe(true);
      expect(res.headers.get('content-disposition')).toContain(
        `filename*=UTF-8''${encodeURIComponent(docId.split('/').pop()!)}`,
      );
    }
    const page = await fetch(url('Ärztliche Leitlinie – Schwindel.md'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Epley');
  });

  it('sends a Content-Security-Policy that lets nothing run, on files, pages and refusals', async () => {
    for (const target of [url('va/guide.pdf'), url('uspstf/same-name.md'), `${bot.server.url}/guidelines/nope.pdf`]) {
      const res = await fetch(target);
      await res.arrayBuffer();
      expect(res.headers.get('content-security-policy'), target).toBe(GUIDELINE_FILE_CSP);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(GUIDELINE_FILE_CSP).toMatch(/default-src 'none'/);
    expect(GUIDELINE_FILE_CSP).not.toMatch(/script-src/);
  });

  it('answers HEAD like GET without a body', async () => {
    const size = fs.statSync(paths.get('va/guide.pdf')!).size;
    const res = await fetch(url('va/guide.pdf'), { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Number(res.headers.get('content-length'))).toBe(size);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect((await res.arrayBuffer()).byteLength).toBe(0);
    const page = await fetch(url('ngc/same-name.md'), { method: 'HEAD' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('honours byte ranges with 206 (PDF viewers fetch pages this way), and 416 past the end', async () => {
    const bytes = fs.readFileSync(paths.get('va/guide.pdf')!);
    const first = await fetch(url('va/guide.pdf'), { headers: { range: 'bytes=0-9' } });
    expect(first.status).toBe(206);
    expect(first.headers.get('content-range')).toBe(`bytes 0-9/${bytes.length}`);
    expect(Buffer.from(await first.arrayBuffer()).equals(bytes.subarray(0, 10))).toBe(true);
    const tail = await fetch(url('va/guide.pdf'), { headers: { range: 'bytes=-6' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).toString('latin1')).toBe(bytes.subarray(-6).toString('latin1'));
    const middle = await fetch(url('va/guide.pdf'), { headers: { range: `bytes=100-` } });
    expect(middle.status).toBe(206);
    expect(Buffer.from(await middle.arrayBuffer()).equals(bytes.subarray(100))).toBe(true);
    const past = await fetch(url('va/guide.pdf'), { headers: { range: `bytes=${bytes.length}-` } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
    await past.arrayBuffer();
  });

  it('parses the range forms PDF viewers send', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-2000', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=5-1', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-6', 1000)).toBeNull(); // several ranges: the whole file is a valid answer
    expect(parseRange(undefined, 1000)).toBeNull();
  });

  it('renders a Markdown summary as an escaped HTML page with its front matter as a table', async () => {
    const res = await fetch(url('ngc/same-name.md'));
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toMatch(/<table class="meta">.*<th>title<\/th><td>Psoriasis plaques/s);
    expect(html).toContain('<th>released</th><td>2020 Jan</td>');
    // Nothing from the file becomes markup.
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('Test Panel &lt;script&gt;');
    // No raw Markdown front matter or heading marks on the page.
    expect(html).not.toMatch(/^---$|^## /m);
    expect(html).toContain('<h2 id="major-recommendations">Major Recommendations</h2>');
    expect(html).toContain(`id="${sectionAnchor('Major Recommendations > Summary of Recommendations and Evidence')}"`);
    const raw = await fetch(`${url('ngc/same-name.md')}?raw=1`);
    expect(raw.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await raw.text()).toBe(FILES['ngc/same-name.md']);
  });

  it("a citation link from the bot opens its own file at the quoted field's anchor", async () => {
    const reply = await post(
      bot.server.url,
      message('colchicine prophylaxis for gout flares when starting urate-lowering therapy?'),
    );
    expect(reply.status).toBe(200);
    const links = [
      ...JSON.stringify(reply.activities).matchAll(/"url":"(http:\/\/127\.0\.0\.1:\d+\/guidelines\/[^"]+)"/g),
    ].map((m) => m[1]!);
    const link = links.find((l) => l.includes('uspstf'));
    expect(link, JSON.stringify(links)).toBeDefined();
    const [target, fragment] = link!.split('#');
    expect(fragment).toBe(
      encodeURIComponent(sectionAnchor('Major Recommendations > Summary of Recommendations and Evidence')!),
    );
    const html = await (await fetch(target!)).text();
    expect(html).toContain('colchicine');
    expect(html).toContain(`id="${decodeURIComponent(fragment!)}"`);
  });

  it('still serves nothing that was not ingested', async () => {
    for (const name of [
      'nope.pdf',
      '..%2F..%2Fpackage.json',
      '%2Fetc%2Fpasswd',
      '..%2Fkb%2Fva%2Fguide.pdf',
      '%E0%A4%A',
    ]) {
      const res = await fetch(`${bot.server.url}/guidelines/${name}`);
      expect(res.status, name).toBeGreaterThanOrEqual(400);
      expect(res.status, name).toBeLessThan(500);
      await res.arrayBuffer();
    }
  });
});
