// `curbside search "<query>"`: ranked guideline passages with everything needed to cite them.
import path from 'node:path';
import { loadConfig } from '../../config.js';
import type { Passage } from '../../knowledge/passage.js';
import { openLocalRetriever, openRetriever } from '../../retrieval/index.js';
import type { SearchFilters } from '../../retrieval/retriever.js';
import { parseFlags, UsageError } from '../args.js';
import type { CommandModule } from '../command.js';

const command: CommandModule = {
  usage: `Usage: curbside search "<query>" [--top N] [--json] [filters]

  --top N             number of passages (default 5, at most 100)
  --json              print {"query", "hits": [{score, passage}]} as one JSON object
  --guideline TEXT    only guidelines whose title or file name contains TEXT
  --strength TEXT     only this strength/grade (e.g. "Strong for", "Grade A")
  --min-year YEAR     only guidelines published in or after YEAR
  --kind KIND         recommendation | text
  --set NAME          only documents in this set (and "all"); repeat for several
  --superseded        also superseded editions (left out by default; see \`curbside library\`)
  --baseline          plain BM25 (no query expansion or field boosts), for comparison
  --index FILE        index file (default: $CURBSIDE_INDEX or data/index.sqlite; built on first use)
  --engine ENGINE     local (default) | azure (Azure AI Search: AZURE_SEARCH_ENDPOINT, see \`curbside azure\`)`,
  async run(args) {
    const { values, positionals } = parseFlags(args, {
      top: { type: 'string' },
      json: { type: 'boolean' },
      guideline: { type: 'string' },
      strength: { type: 'string' },
      'min-year': { type: 'string' },
      kind: { type: 'string' },
      set: { type: 'string', multiple: true },
      superseded: { type: 'boolean' },
      baseline: { type: 'boolean' },
      index: { type: 'string' },
      engine: { type: 'string' },
    });
    const query = positionals.join(' ').trim();
    if (!query)
      throw new UsageError('search needs a query, e.g. curbside search "first-line treatment for hypertension"');
    const top = values.top === undefined ? 5 : Number(values.top);
    if (!Number.isInteger(top) || top < 1 || top > 100)
      throw new UsageError('--top must be a whole number from 1 to 100');
    const filters: SearchFilters = {};
    if (values.guideline) filters.guideline = values.guideline;
    if (values.strength) filters.strength = values.strength;
    if (values['min-year'] !== undefined) {
      const year = Number(values['min-year']);
      if (!Number.isInteger(year)) throw new UsageError('--min-year must be a year, e.g. 2019');
      filters.minYear = year;
    }
    if (values.kind !== undefined) {
      if (values.kind !== 'recommendation' && values.kind !== 'text')
        throw new UsageError('--kind must be "recommendation" or "text"');
      filters.kind = values.kind;
    }
    if (values.set?.length) filters.sets = values.set;
    if (values.superseded) filters.includeSuperseded = true;
    const engine = values.engine ?? 'local';
    if (engine !== 'local' && engine !== 'azure') throw new UsageError('--engine must be "local" or "azure"');
    const config = loadConfig();
    if (values.index) config.indexPath = path.resolve(values.index);
    config.retrievalEngine = engine;
    if (engine === 'azure' && !config.azureSearch)
      throw new UsageError('--engine azure needs AZURE_SEARCH_ENDPOINT (and AZURE_SEARCH_INDEX)');
    const retriever =
      engine === 'azure'
        ? await openRetriever(config)
        : await openLocalRetriever(config, { mode: values.baseline ? 'baseline' : 'full' });
    try {
      const hits = await retriever.search(query, { top, filters });
      if (values.json) {
        process.stdout.write(JSON.stringify({ query, hits }) + '\n');
        return 0;
      }
      if (hits.length === 0) {
        process.stdout.write('No passages matched. Try other words, or fewer filters.\n');
        return 0;
      }
      process.stdout.write(hits.map((h, i) => formatHit(i + 1, h.passage, h.score)).join('\n\n') + '\n');
      return 0;
    } finally {
      await retriever.close();
    }
  },
};

export function citationLine(p: Passage): string {
  const parts = [p.title];
  if (p.version) parts.push(p.version);
  else if (p.year) parts.push(String(p.year));
  if (p.page !== null) parts.push(`p. ${p.page}`);
  return parts.join(' | ');
}

function formatHit(rank: number, p: Passage, score: number): string {
  const lines = [`${rank}. ${citationLine(p)}  (score ${score.toFixed(2)})`];
  if (p.section) lines.push(`   Section: ${p.section}`);
  if (p.kind === 'recommendation') {
    const label = p.recommendation ? `Recommendation ${p.recommendation}` : 'Recommendation';
    lines.push(`   ${label}${p.strength ? ` (${p.strength})` : ''}`);
  } else if (p.strength) {
    lines.push(`   Strength: ${p.strength}`);
  }
  const text = p.text.replace(/\s+/g, ' ').trim();
  lines.push(`   ${text.length > 600 ? `${text.slice(0, 597)}...` : text}`);
  return lines.join('\n');
}

export default command;
