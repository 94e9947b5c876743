/**
 * Vite plugin: publishes the science notes (docs/science.md) with the app as science.html plus
 * science.css, so the guided story can link to a section and the page works from any static host and
 * offline (emitted at build start, the files are part of the bundle the service worker precaches).
 *
 * The renderer knows only the Markdown the notes use: ATX headings, paragraphs, flat lists, pipe
 * tables, fenced code, and inline code, bold, italics and links. Anything else is an error rather
 * than silently mangled text, so a new construct in the notes fails the build. No script is emitted:
 * the page obeys the app's CSP (styles from a file only).
 */
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

export interface Heading {
  level: number;
  /** The heading's text as written (Markdown inline syntax included). */
  text: string;
  id: string;
  /** The section number a citation uses ("2", "2.1"), or null for an unnumbered heading. */
  number: string | null;
}

/**
 * GitHub's anchor rule, so that `docs/science.md#…` on a code forge and `science.html#…` name the same
 * section: lower case, punctuation other than hyphens and underscores dropped, spaces to hyphens.
 */
export function slug(text: string): string {
  return plainText(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** A heading's text without inline markup (what a reader sees and what the slug is made from). */
function plainText(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .replace(/(^|\W)_(.+?)_(?=\W|$)/g, '$1$2');
}

export function headingsOf(markdown: string): Heading[] {
  const out: Heading[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = fenced ? null : /^(#{1,6}) (.+)$/.exec(line);
    if (!m) continue;
    const text = m[2].trim();
    out.push({
      level: m[1].length,
      text,
      id: slug(text),
      number: /^(\d+(?:\.\d+)*)\.? /.exec(text)?.[1] ?? null,
    });
  }
  return out;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Inline Markdown: `code` first (its content stays literal), then links, bold and italics. With
 * `sections` (number → id), a citation of the notes' own sections ("§3.7") becomes a link; one of a
 * paper's sections ("the paper's §4") does not.
 */
function inline(text: string, sections?: Map<string, string>): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => {
      if (i % 2 === 1) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      return escapeHtml(part)
        .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, href: string) => {
          // The notes link to files of the repository as `docs/…`; in the published copy only the
          // page's own anchors and absolute URLs lead anywhere.
          return /^(#|https?:)/.test(href) ? `<a href="${href}">${label}</a>` : label;
        })
        .replace(/(paper['’]s )?§(\d+(?:\.\d+)?)/g, (m: string, paper: string | undefined, n: string) => {
          const id = paper ? undefined : sections?.get(n);
          return id ? `<a href="#${id}">§${n}</a>` : m;
        })
        .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
        .replace(/(^|[^\p{L}\p{N}_])_(.+?)_(?![\p{L}\p{N}_])/gu, '$1<em>$2</em>');
    })
    .join('');
}

function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
}

const LIST_ITEM = /^(?:(-)|(\d+)\.) (.*)$/;

/** The body HTML of a Markdown document in the subset described at the top of this file. */
export function renderMarkdown(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const sections = new Map(
    headingsOf(markdown).flatMap((h) => (h.number === null ? [] : [[h.number, h.id] as const])),
  );
  const prose = (t: string): string => inline(t, sections);
  const html: string[] = [];
  let i = 0;
  const blank = (l: string | undefined): boolean => l === undefined || l.trim() === '';
  const startsBlock = (l: string): boolean =>
    /^#{1,6} /.test(l) || l.startsWith('```') || l.startsWith('|') || LIST_ITEM.test(l);
  while (i < lines.length) {
    const line = lines[i];
    if (blank(line)) {
      i++;
      continue;
    }
    const heading = /^(#{1,6}) (.+)$/.exec(line);
    if (heading) {
      const level = heading[1].length;
      const text = heading[2].trim();
      const id = slug(text);
      html.push(`<h${level} id="${id}"><a class="anchor" href="#${id}">${inline(text)}</a></h${level}>`);
      i++;
      continue;
    }
    if (line.startsWith('```')) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].startsWith('```')) body.push(lines[i++]);
      if (i === lines.length) throw new Error('science notes: unclosed code block');
      i++;
      html.push(`<pre><code>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    if (line.startsWith('|')) {
      const rows: string[] = [];
      while (i < lines.length && lines[i].startsWith('|')) rows.push(lines[i++]);
      if (rows.length < 2 || !/^\|[\s|:-]+\|$/.test(rows[1].trim()))
        throw new Error(`science notes: a table needs a header and a separator row: ${rows[0]}`);
      const head = cells(rows[0]).map((c) => `<th scope="col">${inline(c)}</th>`);
      const body = rows.slice(2).map(
        (r) =>
          `<tr>${cells(r)
            .map((c) => `<td>${prose(c)}</td>`)
            .join('')}</tr>`,
      );
      html.push(
        `<div class="table"><table><thead><tr>${head.join('')}</tr></thead><tbody>${body.join('')}</tbody></table></div>`,
      );
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const ordered = item[2] !== undefined;
      const items: string[] = [];
      while (i < lines.length) {
        const m = LIST_ITEM.exec(lines[i]);
        if (!m || (m[2] !== undefined) !== ordered) break;
        const text = [m[3]];
        i++;
        // An item continues on indented lines.
        while (i < lines.length && /^ {2,}\S/.test(lines[i])) text.push(lines[i++].trim());
        items.push(`<li>${prose(text.join(' '))}</li>`);
        while (blank(lines[i]) && i < lines.length && LIST_ITEM.test(lines[i + 1] ?? '')) i++;
      }
      const tag = ordered ? 'ol' : 'ul';
      html.push(`<${tag}>${items.join('')}</${tag}>`);
      continue;
    }
    if (/^\s/.test(line) || /^(>|[*+] )/.test(line))
      throw new Error(`science notes: unsupported Markdown: ${line}`);
    const text: string[] = [];
    while (i < lines.length && !blank(lines[i]) && !startsBlock(lines[i])) text.push(lines[i++].trim());
    html.push(`<p>${prose(text.join(' '))}</p>`);
  }
  return html.join('\n');
}

/** The whole page: the notes, a contents list of the numbered sections, a way back to the app. */
export function sciencePage(markdown: string, csp: string): string {
  const headings = headingsOf(markdown);
  const title = plainText(headings.find((h) => h.level === 1)?.text ?? 'Science notes');
  const contents = headings
    .filter((h) => h.level === 2)
    .map((h) => `<li><a href="#${h.id}">${inline(h.text)}</a></li>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta http-equiv="Content-Security-Policy" content="${csp}" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>${escapeHtml(title)} — LS-SC Explorer</title>
<link rel="icon" href="data:," />
<link rel="stylesheet" href="./science.css" />
</head>
<body>
<nav class="top" aria-label="Science notes"><a href="./">← Back to LS-SC Explorer</a></nav>
<main>
${renderMarkdown(markdown).replace('</h1>', `</h1>\n<nav class="contents" aria-label="Contents"><ol>${contents}</ol></nav>`)}
</main>
</body>
</html>
`;
}

const CSS = `:root { color-scheme: light dark; --fg: #1d1d1f; --bg: #fdfdfc; --muted: #5b5b60; --line: #d6d6da;
  --code: #f2f2f4; --link: #0b5cad; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e8e8ea; --bg: #17181a; --muted: #a3a3aa; --line: #3a3b40; --code: #222327; --link: #7db7ff; }
}
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: var(--bg);
  font: 17px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
main { max-width: 52rem; margin: 0 auto; padding: 0.5rem 1.25rem 4rem; }
nav.top { max-width: 52rem; margin: 0 auto; padding: 0.75rem 1.25rem 0; font-size: 0.95rem; }
a { color: var(--link); }
h1 { font-size: 1.9rem; line-height: 1.25; margin: 1rem 0 1rem; }
h2 { font-size: 1.45rem; margin: 2.5rem 0 0.75rem; padding-bottom: 0.25rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.15rem; margin: 1.75rem 0 0.5rem; }
h1 a.anchor, h2 a.anchor, h3 a.anchor { color: inherit; text-decoration: none; }
h2 a.anchor:hover, h3 a.anchor:hover { text-decoration: underline; }
:target { scroll-margin-top: 1rem; }
h2:target, h3:target { background: color-mix(in srgb, var(--link) 12%, transparent); }
nav.contents { border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem 1rem; margin: 1rem 0 1.5rem; }
nav.contents ol { list-style: none; margin: 0; padding: 0; }
code { font: 0.9em/1.4 ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace;
  background: var(--code); padding: 0.05em 0.3em; border-radius: 3px; }
pre { background: var(--code); padding: 0.75rem 1rem; border-radius: 6px; overflow-x: auto; }
pre code { padding: 0; background: none; font-size: 0.88rem; }
.table { overflow-x: auto; margin: 1rem 0; }
table { border-collapse: collapse; font-size: 0.92rem; }
th, td { border: 1px solid var(--line); padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
th { background: var(--code); }
li { margin: 0.2rem 0; }
`;

/**
 * Builds science.html and science.css from `source` (emitted with the bundle) and serves them under
 * `vite dev` as well, rendered afresh on each request so edits to the notes show on reload.
 */
export function science(options: { source: string; csp: string }): Plugin {
  const page = (): string => sciencePage(readFileSync(options.source, 'utf8'), options.csp);
  let building = false;
  return {
    name: 'ls-sc-science',
    configResolved(config) {
      building = config.command === 'build';
    },
    buildStart() {
      // Under `vite dev` there is no bundle to emit into: configureServer serves the page instead.
      if (!building) return;
      this.addWatchFile(options.source);
      this.emitFile({ type: 'asset', fileName: 'science.html', source: page() });
      this.emitFile({ type: 'asset', fileName: 'science.css', source: CSS });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = req.url?.split(/[?#]/)[0];
        if (path !== '/science.html' && path !== '/science.css') return next();
        res.setHeader('Content-Type', path.endsWith('.css') ? 'text/css' : 'text/html; charset=utf-8');
        res.end(path.endsWith('.css') ? CSS : page());
      });
    },
  };
}
