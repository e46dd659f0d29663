// The real `curbside` command as a user runs it (bin/curbside.js: dist/ when built and current, else the sources
// through tsx): exit codes and messages for command lines it cannot run, and what start-up loads.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';
import { runCurbside as curbside } from '../support/cli.js';

/** stderr without the launcher's one line about running the sources (present while dist/ is stale). */
const own = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => !/running the TypeScript sources through tsx/.test(l))
    .join('\n');

describe('curbside command line', () => {
  it('--help lists every command on stdout, exit 0', async () => {
    const r = await curbside(['--help']);
    expect(r.code).toBe(0);
    for (const name of ['ingest', 'search', 'ask', 'deid', 'eval', 'mcp', 'azure'])
      expect(r.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('no command prints the usage on stderr and exits 2, like an unknown command', async () => {
    const none = await curbside([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(own(none.stderr)).toMatch(/^Usage: curbside <command>/m);
    const unknown = await curbside(['serve']);
    expect(unknown.code).toBe(2);
    expect(own(unknown.stderr)).toMatch(/unknown command "serve"/);
  });

  it("an unknown flag is one friendly line and a pointer to the command's help, exit 2", async () => {
    const r = await curbside(['search', '--topp', '3', 'hypertension']);
    expect(r.code).toBe(2);
    expect(own(r.stderr)).toBe(
      'curbside search: unknown option --topp\nRun `curbside search --help` for its options.\n',
    );
    const missing = await curbside(['search', 'hypertension', '--top']);
    expect(missing.code).toBe(2);
    expect(own(missing.stderr)).toMatch(/^curbside search: --top needs a value$/m);
    const valued = await curbside(['deid', '--json=yes']);
    expect(valued.code).toBe(2);
    expect(own(valued.stderr)).toMatch(/^curbside deid: --json does not take a value$/m);
  });

  it('`eval bogus` names "bogus" as unknown and lists the kinds of evaluation, exit 2', async () => {
    const r = await curbside(['eval', 'bogus']);
    expect(r.code).toBe(2);
    expect(own(r.stderr)).toMatch(/unknown evaluation "bogus"; the kinds are: retrieval, answers, safety, all/);
    const none = await curbside(['eval']);
    expect(none.code).toBe(2);
    expect(own(none.stderr)).toMatch(/eval needs a kind of evaluation: retrieval, answers, safety, all/);
  });

  it("a command's --help prints its summary and options, exit 0", async () => {
    const r = await curbside(['ask', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Answer a case question/);
    expect(r.stdout).toMatch(/--extractive/);
  });
});

describe('curbside start-up loads only what the command uses', () => {
  const trace = ['--import', path.join(REPO_ROOT, 'test/support/package-trace.mjs')];
  const loaded = (file: string) =>
    fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
  // Packages of the doors and of Azure: none is needed to print help or to answer extractively from the local index.
  const heavy = [
    'openai',
    '@azure/identity',
    '@azure/msal-node',
    '@azure/data-tables',
    '@azure/search-documents',
    'botbuilder',
    '@microsoft/teams-ai',
    'restify',
    '@modelcontextprotocol/sdk',
    'pdfjs-dist',
  ];
  const noAzure = {
    AZURE_OPENAI_ENDPOINT: '',
    AZURE_SEARCH_ENDPOINT: '',
    AZURE_DEID_ENDPOINT: '',
    CURBSIDE_RETRIEVAL_ENGINE: '',
  };

  it('--help loads no npm package beyond the logger', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-trace-')), 'packages.txt');
    const r = await curbside(['--help'], { CURBSIDE_PACKAGE_TRACE: file }, trace);
    expect(r.code).toBe(0);
    // tsx appears only when dist/ is stale (the launcher's fallback); the CLI itself loads pino and nothing else.
    expect(
      loaded(file).filter((p) => p !== 'tsx' && p !== 'esbuild' && p !== 'get-tsconfig' && p !== 'resolve-pkg-maps'),
    ).toEqual(['pino']);
  });

  it('ask --json (extractive, local index) answers without loading the Azure, Teams, HTTP, MCP or PDF packages', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-trace-')), 'packages.txt');
    const r = await curbside(
      ['ask', '--json', '67M, T2DM on metformin, eGFR 38, A1c 8.4 - next step?'],
      {
        ...noAzure,
        CURBSIDE_INDEX: inject('guidelineIndex'),
        CURBSIDE_PACKAGE_TRACE: file,
      },
      trace,
    );
    expect(own(r.stderr)).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { citations: unknown[] }).citations.length).toBeGreaterThan(0);
    const packages = loaded(file);
    expect(packages).toContain('better-sqlite3');
    expect(packages.filter((p) => heavy.includes(p))).toEqual([]);
  });
});
