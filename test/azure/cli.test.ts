// The commands the README "Deploy to Azure" section lists, run as an admin would (`node bin/curbside.js ...` in a child
// process) against the loopback Azure. Auth is the production path: DefaultAzureCredential finds the App Service
// managed-identity endpoint (IDENTITY_ENDPOINT/IDENTITY_HEADER) and sends bearer tokens; the self-signed certificates
// are trusted through NODE_EXTRA_CA_CERTS.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';
import {
  BEARER_TOKEN,
  SEARCH_KEY,
  startLoopbackAzure,
  startManagedIdentityEndpoint,
  type LoopbackAzure,
  type ManagedIdentityEndpoint,
} from '../support/azure-env.js';

let azure: LoopbackAzure;
let identity: ManagedIdentityEndpoint;
let work: string;
let guidelines: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function baseEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.homedir(),
    ...azure.env,
    // Keyless: the managed identity is the only credential.
    AZURE_SEARCH_API_KEY: '',
    AZURE_OPENAI_API_KEY: '',
    ...identity.env,
    NODE_EXTRA_CA_CERTS: azure.caFile,
    CURBSIDE_DATA_DIR: path.join(work, 'data'),
    CURBSIDE_GUIDELINES: guidelines,
    LOG_LEVEL: 'warn',
  };
}

// Async on purpose: the fakes live in this process and must keep answering while the child runs.
function curbside(args: string[], env: Record<string, string> = baseEnv()): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(REPO_ROOT, 'bin/curbside.js'), ...args],
      { cwd: REPO_ROOT, env, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

beforeAll(async () => {
  azure = await startLoopbackAzure();
  identity = await startManagedIdentityEndpoint();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-azure-cli-'));
  guidelines = path.join(work, 'guidelines');
  fs.mkdirSync(path.join(guidelines, 'uspstf'), { recursive: true });
  fs.writeFileSync(
    path.join(guidelines, 'uspstf', 'aspirin.md'),
    [
      '---',
      'title: "Aspirin Use to Prevent Cardiovascular Disease and Colorectal Cancer"',
      'developer: USPSTF',
      'released: 2016',
      '---',
      '',
      '## Major Recommendations',
      '',
      'The USPSTF recommends initiating low-dose aspirin use for the primary prevention of cardiovascular disease and colorectal cancer in adults aged 50 to 59 years who have a 10% or greater 10-year CVD risk. (Grade B)',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(guidelines, 'uspstf', 'falls.md'),
    [
      '---',
      'title: "Falls Prevention in Community-Dwelling Older Adults: Interventions"',
      'developer: USPSTF',
      'released: 2018',
      '---',
      '',
      '## Major Recommendations',
      '',
      'The USPSTF recommends exercise interventions to prevent falls in community-dwelling adults 65 years or older who are at increased risk for falls. (Grade B)',
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await Promise.all([azure?.close(), identity?.close()]);
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('Deploy to Azure, step by step', () => {
  it('azure index: creates the index with a managed-identity token, and is safe to re-run', async () => {
    const first = await curbside(['azure', 'index']);
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /Index "guidelines-test" created .*64-dimension vectors, semantic configuration: curbside-semantic/,
    );
    const second = await curbside(['azure', 'index']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/Index "guidelines-test" updated/);
    expect(identity.resources).toContain('https://search.azure.com');
    const puts = azure.search.requests.filter((r) => r.operation === 'index-put');
    expect(puts.map((r) => r.headers.authorization)).toEqual([`Bearer ${BEARER_TOKEN}`, `Bearer ${BEARER_TOKEN}`]);
  });

  it('azure push: parses, embeds and uploads the guideline folder; a second push skips unchanged files', async () => {
    const push = await curbside(['azure', 'push']);
    expect(push.code, push.stderr).toBe(0);
    expect(push.stdout).toMatch(/Files: 2 \(2 pushed, 0 unchanged, 0 removed, 0 unreadable\)/);
    expect(push.stderr).toMatch(/azure push: .*done in/);
    expect(identity.resources).toContain('https://cognitiveservices.azure.com');
    const embeds = azure.openai.requests.filter((r) => r.kind === 'embeddings');
    expect(embeds.length).toBeGreaterThan(0);
    expect(embeds.every((r) => r.headers.authorization === `Bearer ${BEARER_TOKEN}`)).toBe(true);

    const again = await curbside(['azure', 'push', '--json']);
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report.skippedFiles.sort()).toEqual(['uspstf/aspirin.md', 'uspstf/falls.md']);
    expect(report.pushedFiles).toEqual([]);
  });

  it('azure status: lists the guidelines in the index', async () => {
    const status = await curbside(['azure', 'status']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/Index "guidelines-test": 2 guidelines/);
    expect(status.stdout).toMatch(/Aspirin Use to Prevent Cardiovascular Disease/);
    expect(status.stdout).toMatch(/Falls Prevention/);
  });

  it('search --engine azure: hybrid search returns citable passages from the pushed guidelines', async () => {
    const search = await curbside([
      'search',
      '--engine',
      'azure',
      '--json',
      'exercise to prevent falls in older adults',
    ]);
    expect(search.code, search.stderr).toBe(0);
    const { hits } = JSON.parse(search.stdout);
    expect(hits[0].passage).toMatchObject({ source: 'falls.md', docId: 'uspstf/falls.md' });
    expect(hits[0].passage.text).toMatch(/exercise interventions to prevent falls/);
    const req = azure.search.requests.filter((r) => r.operation === 'docs-search').at(-1)!;
    expect(req.body.vectorQueries?.[0]?.kind).toBe('vector');
    expect(req.body.queryType).toBe('semantic');
  });

  it('ask --engine azure: answers from Azure AI Search (extractive here, no chat model needed)', async () => {
    const ask = await curbside([
      'ask',
      '--engine',
      'azure',
      '--extractive',
      '--json',
      'Should a 55 year old take aspirin for primary prevention?',
    ]);
    expect(ask.code, ask.stderr).toBe(0);
    const answer = JSON.parse(ask.stdout);
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.citations[0]).toMatchObject({ source: 'aspirin.md' });
  });

  it('azure push exits 1 and names the documents the service kept rejecting', async () => {
    fs.appendFileSync(
      path.join(guidelines, 'uspstf', 'falls.md'),
      '\nVitamin D supplementation is not recommended to prevent falls. (Grade D)\n',
    );
    azure.search.rejectDocuments(() => true, 400, 1000);
    const push = await curbside(['azure', 'push']);
    azure.search.reset();
    expect(push.code).toBe(1);
    expect(push.stdout).toMatch(/FAILED: \d+ documents were not indexed/);
    expect(push.stdout).toMatch(/uspstf\/falls\.md \[400\]/);
    // The file's state was not advanced, so the next push sends it again.
    const retry = await curbside(['azure', 'push']);
    expect(retry.code).toBe(0);
    expect(retry.stdout).toMatch(/1 pushed, 1 unchanged/);
  });

  it('explains missing configuration and never prints a configured key', async () => {
    const { AZURE_SEARCH_ENDPOINT: _omit, ...noSearch } = baseEnv();
    const missing = await curbside(['azure', 'index'], { ...noSearch, CURBSIDE_RETRIEVAL_ENGINE: 'local' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Azure AI Search is not configured: set AZURE_SEARCH_ENDPOINT/);

    const withKey = await curbside(['azure', 'status'], {
      ...baseEnv(),
      AZURE_SEARCH_API_KEY: SEARCH_KEY,
      LOG_LEVEL: 'debug',
    });
    expect(withKey.code).toBe(0);
    expect(withKey.stdout + withKey.stderr).not.toContain(SEARCH_KEY);
    const wrongKey = await curbside(['azure', 'status'], {
      ...baseEnv(),
      AZURE_SEARCH_API_KEY: 'wrong-key-0123456789',
      LOG_LEVEL: 'debug',
    });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toMatch(/401 unauthorized: the AZURE_SEARCH_API_KEY was not accepted/);
    expect(wrongKey.stdout + wrongKey.stderr).not.toContain('wrong-key-0123456789');
  });
});
