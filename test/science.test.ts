/**
 * The science lives in the repository (issue 12): docs/science.md has every section the code cites,
 * carries the definitions the code implements, and is published as science.html with an anchor per
 * heading, precached for offline use; the guided story's links land on real sections.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { headingsOf, renderMarkdown, science, sciencePage, slug } from '../build/science';
import { offline } from '../build/offline';
import { CSP_META } from '../vite.config';
import { STORY, storyPieces } from '../src/story/steps';
import { storyFacts } from '../src/chartData/words/storyFacts';
import { EMPTY_PAIR, makePair } from './charts/fixtures';
import { DEFAULT_P_CANDIDATES } from '../src/analysis/pSearch';
import { maxLogitPNorm } from '../src/analysis/scores';

const ROOT = join(import.meta.dirname, '..');
const SOURCE = join(ROOT, 'docs/science.md');
const markdown = readFileSync(SOURCE, 'utf8');
const headings = headingsOf(markdown);
const numbers = new Set(headings.flatMap((h) => (h.number === null ? [] : [h.number])));
/** The notes as one line of text, so that a formula wrapped over two lines still matches. */
const flat = markdown.replace(/\s+/g, ' ');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Source and test files whose comments may cite the notes (this file quotes the old form on purpose). */
const citing = [...filesUnder(join(ROOT, 'src')), ...filesUnder(join(ROOT, 'test'))]
  .filter((p) => /\.(ts|tsx|js|css)$/.test(p))
  .filter((p) => p !== join(ROOT, 'test/science.test.ts'))
  .map((p) => ({ path: relative(ROOT, p), text: readFileSync(p, 'utf8') }));

/**
 * Every "§" in `text`, classified. A citation of the notes is `science.md §R`; a bare `§R` continues
 * such a citation and needs one in the same file; `paper §n` / `paper's §n` is the paper's own
 * numbering. R is a section (2, 2.1) or a range of them (3–4, 1–5). Anything else is malformed.
 */
function citations(text: string): { at: string; ref: string | null; paper: boolean; bare: boolean }[] {
  const out: { at: string; ref: string | null; paper: boolean; bare: boolean }[] = [];
  const pattern = /(science\.md |paper(?:['’]s)? )?§(\d+(?:\.\d+)?(?:[–-]\d+(?:\.\d+)?)?)?/g;
  for (const m of text.matchAll(pattern)) {
    const line = text.slice(0, m.index).split('\n').length;
    out.push({
      at: `line ${line}: ${m[0]}`,
      ref: m[2] ?? null,
      paper: m[1]?.startsWith('paper') ?? false,
      bare: m[1] === undefined,
    });
  }
  return out;
}

/** The sections a reference names: "3–4" → 3, 4; "1–5" → 1..5; "4.1–4.2" → 4.1, 4.2. */
function sectionsOf(ref: string): string[] {
  const [a, b] = ref.split(/[–-]/);
  if (b === undefined) return [a];
  if (!a.includes('.') && !b.includes('.')) {
    const out: string[] = [];
    for (let n = Number(a); n <= Number(b); n++) out.push(String(n));
    return out;
  }
  return [a, b];
}

describe('docs/science.md', () => {
  it('keeps the numbering the code cites: §1–5 with the spec’s titles, subsections under their section', () => {
    const top = headings.filter((h) => h.level === 2 && h.number !== null).map((h) => h.text);
    expect(top).toEqual([
      '1. Notation',
      '2. Logit-level gradients',
      '3. Selective classification and its metrics',
      '4. The fix: logit normalisation',
      '5. What a user must be able to see',
    ]);
    let section = '';
    let sub = 0;
    for (const h of headings) {
      if (h.level === 2 && h.number !== null) {
        section = h.number;
        sub = 0;
      } else if (h.level === 3) {
        sub++;
        expect(h.number, h.text).toBe(`${section}.${sub}`);
      }
    }
    expect(new Set(headings.map((h) => h.id)).size).toBe(headings.length);
  });

  it('resolves every § citation in src/ and test/ to one of its headings, in the new form only', () => {
    const problems: string[] = [];
    let resolved = 0;
    for (const { path, text } of citing) {
      // The spec outside the repository, under its old name or its folder, is never cited.
      if (/SCIENCE\.md/.test(text)) problems.push(`${path}: cites SCIENCE.md (use science.md)`);
      if (text.includes('shared/')) problems.push(`${path}: refers to shared/`);
      const found = citations(text);
      const citesNotes = found.some((c) => !c.bare && !c.paper);
      for (const c of found) {
        if (c.paper) continue;
        if (c.ref === null) problems.push(`${path} ${c.at}: § without a section number`);
        else if (c.bare && !citesNotes)
          problems.push(`${path} ${c.at}: bare § in a file that cites no science.md`);
        else
          for (const s of sectionsOf(c.ref)) {
            if (numbers.has(s)) resolved++;
            else problems.push(`${path} ${c.at}: no heading ${s} in docs/science.md`);
          }
      }
    }
    expect(problems).toEqual([]);
    // The code does cite the notes: an empty scan would pass vacuously.
    expect(resolved).toBeGreaterThan(60);
  });

  it('the README links the notes in the repository, and nothing in src/ or the README points at shared/', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('](docs/science.md)');
    expect(readme).not.toMatch(/SCIENCE\.md/);
    const shared = [...readme.split('\n').entries()].filter(([, l]) => l.includes('shared/'));
    expect(shared.map(([i, l]) => `README.md:${i + 1}: ${l.trim()}`)).toEqual([]);
    for (const { path, text } of citing.filter((f) => f.path.startsWith('src'))) {
      expect(text.includes('shared/'), path).toBe(false);
    }
    for (const m of readme.matchAll(/\(docs\/science\.md#([^)]+)\)/g)) {
      expect(headings.map((h) => h.id)).toContain(m[1]);
    }
  });

  it('carries the definitions the code implements', () => {
    const formulas = [
      // §1: the smoothed target and the loss, its floor.
      'y_LS = (1 − α)·onehot(y) + α/K',
      '= (1 − α)·L_CE + α·mean_k(− log π_k)',
      'H(y_LS) = −(1 − α + α/K)·log(1 − α + α/K) − (K − 1)·(α/K)·log(α/K)',
      // §2: per-logit, max-logit and expected gradients; the windows; the binned estimate.
      '∂L_LS/∂v_k = π_k − (1 − α)·y_k − α/K = (π_k − y_k) + α·(y_k − 1/K)',
      '∂L_LS/∂v_max = π_max − (1 − α)·c − α/K = (π_max − c) + α·(c − 1/K)',
      'E[∂L_LS/∂v_max] = [π_max − (1 − P_e)] + α·[(K − 1)/K − P_e]',
      'positive whenever `P_e < (K − 1)/K`',
      'width 0.05 over π_max in steps of 0.005',
      'α·(acc_bin − 1/K) = α·((K − 1)/K − P̂_e,bin)',
      'lie exactly on the line',
      'by construction',
      'r = u_max(LS) / u_max(CE)',
      // §3: the curve, the areas, the operating points, AUROC, ECE, ties, bootstrap.
      'R_n = (1/n)·Σ_{i≤n} e_i',
      'R_0 := 0',
      'AURC = Σ_{n=1..N} (1/N)·(R_{n−1} + R_n)/2',
      'E-AURC = AURC − AURC_oracle',
      'G_n = (1/N)·Σ_{i≤n} e_i',
      'index `ceil(0.8·N) − 1`',
      '`R_n ≤ 0.05`',
      'AUROC = P(s_correct > s_wrong) + ½·P(s_correct = s_wrong)',
      '15 equal-width bins',
      'ECE = Σ_b (|B_b| / N)·|acc_b − conf_b|',
      'log π_max = − log Σ_k exp(v_k − v_max)',
      '**12 significant digits**',
      '`Number(s.toPrecision(12))`',
      '`c₀ + j·m/b`',
      '`‖u‖₁ = 2·Σ_k max(u_k, 0) = 2·u_max`',
      'B ≥ 1,000',
      '2.5th and 97.5th percentiles',
      '`v_(1) − v_(2)`',
      '`Σ_k π_k·log π_k`',
      '`log Σ_k exp(v_k)`',
      'MSP of `v/T`',
      'MSP of `u / (‖u‖_p · T)`',
      // §4: the score, its p search and fallback, scale invariance.
      'u = v − mean_k(v)',
      's(x) = max_k u_k / ‖u‖_p, ‖u‖_p = (Σ_k |u_k|^p)^(1/p)',
      'max_k (r·u_k) / ‖r·u‖_p = max_k u_k / ‖u‖_p',
      'float64',
    ];
    expect(formulas.filter((f) => !flat.includes(f))).toEqual([]);
    // The p grid of the notes is the one the search uses.
    const grid = DEFAULT_P_CANDIDATES;
    expect([...grid]).toEqual(Array.from({ length: grid.length }, (_, i) => i + 1));
    expect(flat).toContain(`\`p ∈ {1, 2, …, ${grid[grid.length - 1]}}\``);
  });

  it('states the p = 1 saturation the tie rule exists for, and the code agrees: exactly 1/2', () => {
    // One positive centred entry: ‖u‖₁ = 2·u_max whatever the other logits are.
    const k = 10;
    const logits = Float64Array.from({ length: 3 * k }, (_, i) =>
      i % k === 0 ? 9 + i / k : -((i * 7) % 5) / 3,
    );
    const s = maxLogitPNorm(logits, 3, k, 1, true);
    // Equal in exact arithmetic; the last bit may differ, and the 12-digit tie rule makes them one block.
    expect([...s].map((x) => Number(x.toPrecision(12)))).toEqual([0.5, 0.5, 0.5]);
    for (const x of s) expect(Math.abs(x - 0.5)).toBeLessThan(1e-15);
    // And two positive entries break it, so the claim is not vacuous.
    const two = Float64Array.from(logits);
    two[1] = 8;
    expect(maxLogitPNorm(two, 3, k, 1, true)[0]).toBeLessThan(0.5);
  });

  it('cites the papers with their published figures', () => {
    for (const s of [
      'ICLR 2025',
      'arXiv 2403.14715',
      'UAI 2024',
      'arXiv 2305.15508',
      'NeurIPS 2024',
      'arXiv 2407.01032',
      '_Reported by Xia et al. (ICLR 2025)_',
      '(23.0, 6.53)',
      '(22.5, 7.55)',
      'CE (23.0, 6.56), LS (22.6, 6.22)',
      '5 of the 6 data sets (Traub et al. 2024)',
      '_Measured by this project_',
      '0.29 → 0.14',
      '415 of the 5,000',
    ])
      expect(flat).toContain(s);
  });
});

describe('science.html', () => {
  const page = sciencePage(markdown, CSP_META);

  it('has an anchor for every heading, and every link inside it lands on one', () => {
    const ids = [...page.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    for (const h of headings)
      expect(
        ids.filter((id) => id === h.id),
        h.text,
      ).toHaveLength(1);
    expect(ids).toHaveLength(headings.length);
    const targets = [...page.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    expect(targets.length).toBeGreaterThan(headings.length);
    expect(targets.filter((t) => !ids.includes(t))).toEqual([]);
    // The notes' own cross-references became links; the paper's numbering did not.
    expect(page).toContain('<a href="#38-ties">§3.8</a>');
    expect(page).toContain("(the paper's §4)");
    // And the notes' own citations all name a section that exists.
    const own = citations(markdown).filter((c) => !c.paper);
    expect(own.length).toBeGreaterThan(20);
    expect(own.filter((c) => c.ref === null || !sectionsOf(c.ref).every((n) => numbers.has(n)))).toEqual([]);
  });

  it('is a page the CSP allows: the app’s policy, no script, styles from a file', () => {
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="${CSP_META}" />`);
    expect(page).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
    expect(page).toContain('<link rel="stylesheet" href="./science.css" />');
  });

  it('renders headings, paragraphs, lists, tables and code as HTML, escaping the text', () => {
    const html = renderMarkdown(
      [
        '## 7. A & B',
        '',
        'Text with `a < b`, **bold**, _italic_, y_LS_k kept, see §7 and the paper’s §7.',
        'Still the same paragraph.',
        '',
        '- one',
        '  continued',
        '- two',
        '',
        '1. first',
        '',
        '| a | b |',
        '| - | - |',
        '| 1 | 2 |',
        '',
        '```',
        'x <= 1',
        '```',
      ].join('\n'),
    );
    expect(html).toBe(
      [
        '<h2 id="7-a--b"><a class="anchor" href="#7-a--b">7. A &amp; B</a></h2>',
        '<p>Text with <code>a &lt; b</code>, <strong>bold</strong>, <em>italic</em>, y_LS_k kept, see ' +
          '<a href="#7-a--b">§7</a> and the paper’s §7. Still the same paragraph.</p>',
        '<ul><li>one continued</li><li>two</li></ul>',
        '<ol><li>first</li></ol>',
        '<div class="table"><table><thead><tr><th scope="col">a</th><th scope="col">b</th></tr></thead>' +
          '<tbody><tr><td>1</td><td>2</td></tr></tbody></table></div>',
        '<pre><code>x &lt;= 1</code></pre>',
      ].join('\n'),
    );
    expect(slug('3.5 Operating points: Risk@80%Cov')).toBe('35-operating-points-risk80cov');
    expect(() => renderMarkdown('> a quote')).toThrow(/unsupported/);
  });

  it('is emitted with the build and precached by the service worker', () => {
    const emitted: { fileName: string; source: string }[] = [];
    const plugin = science({ source: SOURCE, csp: CSP_META });
    call(plugin.configResolved, {}, { command: 'build' });
    call(plugin.buildStart, { addWatchFile: () => undefined, emitFile: (f: never) => emitted.push(f) });
    expect(emitted.map((f) => f.fileName)).toEqual(['science.html', 'science.css']);
    expect(emitted[0].source).toBe(page);

    const sw: { fileName: string; source: string }[] = [];
    const bundle = Object.fromEntries(emitted.map((f) => [f.fileName, { type: 'asset', ...f }]));
    call(
      offline({
        template: join(ROOT, 'src/offline/sw.js'),
        publicDir: mkdtempSync(join(tmpdir(), 'science-')),
      }).generateBundle,
      { emitFile: (f: never) => sw.push(f) },
      {},
      bundle,
    );
    const precache = JSON.parse(/const PRECACHE = (\{.*?\});/.exec(sw[0].source)?.[1] ?? 'null') as {
      files: string[];
    };
    expect(precache.files).toEqual(expect.arrayContaining(['./science.html', './science.css']));
  });
});

describe('the guided story', () => {
  const page = sciencePage(markdown, CSP_META);
  const ids = new Set([...page.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));

  // The words follow the data: read them for a full pair (one where LS ranks better, so the reasons
  // with their links appear too) and for an empty page.
  const factsSeen = [storyFacts(makePair()), storyFacts(EMPTY_PAIR)];
  const paragraphs = factsSeen.flatMap((f) => STORY.flatMap((s) => s.text(f)));

  it('links its citations to sections of the published notes', () => {
    const links = paragraphs.flatMap(storyPieces).filter((p) => p.href !== undefined);
    expect(links.length).toBeGreaterThanOrEqual(STORY.length);
    for (const { text, href } of links) {
      const [file, id] = href!.split('#');
      expect(file, href).toBe('science.html');
      expect(ids.has(id), href).toBe(true);
      // The label names the section it opens.
      const n = /§(\d+(?:\.\d+)?)/.exec(text)?.[1];
      expect(headings.find((h) => h.id === id)?.number, text).toBe(n);
    }
    // Story text shows no raw Markdown once split into pieces.
    for (const p of paragraphs.flatMap(storyPieces)) expect(p.text).not.toMatch(/[[\]*]/);
  });
});

/** Calls a Vite/Rollup hook (a function or `{ handler }`) with a stand-in plugin context. */
function call(hook: unknown, context: object, ...args: unknown[]): void {
  const fn = typeof hook === 'function' ? hook : (hook as { handler: unknown }).handler;
  (fn as (...a: unknown[]) => void).apply(context, args);
}
