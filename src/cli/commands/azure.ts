// `curbside azure preflight|index|push|status`: check a region before provisioning, and manage the Azure AI Search index that
// the bot queries in production.
import type { CommandModule } from '../command.js';
import { parseFlags, UsageError } from '../args.js';
import { progress, type Progress } from '../../progress.js';
import { loadConfig, loadDeploymentTarget, REPO_ROOT } from '../../config.js';
import { ensureIndex, requireSearchConfig } from '../../azure/search-client.js';
import type { PushReport } from '../../azure/push.js';
import { createAzureSearchRetriever } from '../../retrieval/azure-search.js';

const usage = `Usage:
  curbside azure preflight [--location REGION] [--subscription ID] [--json]
                                       Before provisioning: are the Bicep's model versions, deployment SKUs and
                                       capacities available in the region (AZURE_LOCATION, AZURE_SUBSCRIPTION_ID)?
                                       Exit 1 with the reason when not. Read-only.
  curbside azure index                 Create or update the search index (idempotent; safe to re-run).
  curbside azure push [PATH ...]       Sync guideline files into the index (default: CURBSIDE_GUIDELINES).
      --groups a,b                     Only these Teams/Entra groups may see the pushed guidelines.
      --force                          Re-push files whose sha256 is unchanged.
      --keep-missing                   Keep guidelines whose files are not among PATH (default: remove them).
      --json                           Print the push report as JSON on stdout.
  curbside azure status [--json]       Check the index is reachable and list its guidelines.

Environment: AZURE_SEARCH_ENDPOINT, AZURE_SEARCH_INDEX, AZURE_SEARCH_API_KEY (optional: keyless Entra ID by default),
AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_EMBEDDING_DEPLOYMENT, AZURE_OPENAI_EMBEDDING_DIMENSIONS.`;

async function runPreflightCommand(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    location: { type: 'string' },
    subscription: { type: 'string' },
    json: { type: 'boolean' },
  });
  const target = loadDeploymentTarget();
  const subscriptionId = values.subscription ?? target.subscriptionId;
  const location = values.location ?? target.location;
  if (!subscriptionId || !location) {
    throw new UsageError(
      'curbside azure preflight: set AZURE_SUBSCRIPTION_ID and AZURE_LOCATION (env/.env.dev), or pass --subscription and --location',
    );
  }
  const { formatPreflight, PreflightError, readDeploymentPlan, runPreflight } =
    await import('../../azure/preflight.js');
  try {
    const report = await runPreflight({
      subscriptionId,
      location: location.toLowerCase().replace(/\s+/g, ''),
      plan: readDeploymentPlan(REPO_ROOT),
      armEndpoint: target.armEndpoint,
    });
    process.stdout.write(values.json ? JSON.stringify(report, null, 2) + '\n' : formatPreflight(report));
    return report.ok ? 0 : 1;
  } catch (err) {
    // No sign-in is an expected first-run state, not a crash: one line that says what to do.
    const signIn = err instanceof Error && /CredentialUnavailable|Authentication/.test(err.name);
    if (!(err instanceof PreflightError) && !signIn) throw err;
    process.stderr.write(
      `curbside azure preflight: ${signIn ? `no Azure sign-in (${(err as Error).name}); run \`az login\` first` : (err as Error).message}\n`,
    );
    return 1;
  }
}

async function runIndex(args: string[]): Promise<number> {
  parseFlags(args, {});
  const config = loadConfig();
  const search = requireSearchConfig(config);
  const result = await ensureIndex(config);
  process.stdout.write(
    `Index "${search.indexName}" ${result.created ? 'created' : 'updated'} on ${new URL(search.endpoint).host} ` +
      `(${result.dimensions}-dimension vectors, semantic configuration: ${search.semanticConfiguration ?? 'none'}).\n`,
  );
  return 0;
}

function summary(report: PushReport): string {
  const lines = [
    `Files: ${report.files} (${report.pushedFiles.length} pushed, ${report.skippedFiles.length} unchanged, ` +
      `${report.removedFiles.length} removed, ${report.unreadableFiles.length} unreadable` +
      `${report.restatusedFiles.length ? `; ${report.restatusedFiles.length} with a new library status` : ''})`,
    `Passages: ${report.uploadedPassages} uploaded, ${report.deletedPassages} deleted; retries: ${report.retries}`,
  ];
  for (const u of report.unreadableFiles) lines.push(`  unreadable: ${u.docId}: ${u.reason}`);
  for (const w of report.warnings.slice(0, 20)) lines.push(`  warning: ${w}`);
  if (report.warnings.length > 20) lines.push(`  ... ${report.warnings.length - 20} more warnings`);
  if (report.failed.length) {
    lines.push(`FAILED: ${report.failed.length} documents were not indexed (run push again to retry):`);
    for (const f of report.failed.slice(0, 20)) lines.push(`  ${f.docId} [${f.status ?? 'request'}] ${f.message}`);
  }
  return lines.join('\n') + '\n';
}

async function runPush(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    groups: { type: 'string' },
    force: { type: 'boolean' },
    'keep-missing': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const config = loadConfig();
  requireSearchConfig(config);
  let bar: Progress | null = null;
  // Loaded on demand: the parsers (PDF) are only needed to push.
  const { pushGuidelines } = await import('../../azure/push.js');
  const report = await pushGuidelines(config, {
    paths: positionals,
    groups: values.groups
      ? values.groups
          .split(',')
          .map((g) => g.trim())
          .filter(Boolean)
      : [],
    force: values.force ?? false,
    removeMissing: !values['keep-missing'],
    onProgress: (event) => {
      if (event.phase === 'scan') bar = progress('azure push', event.files);
      else if (event.phase === 'file') bar?.update(event.done, `${event.action} ${event.docId}`);
      else if (event.phase === 'remove') process.stderr.write(`azure push: removing ${event.docId}\n`);
    },
  });
  (bar as Progress | null)?.done(report.failed.length ? `${report.failed.length} documents failed` : 'done');
  process.stdout.write(values.json ? JSON.stringify(report, null, 2) + '\n' : summary(report));
  // Like `curbside ingest`: any file or document that did not make it is a failure an admin must see.
  return report.failed.length || report.unreadableFiles.length ? 1 : 0;
}

async function runStatus(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { json: { type: 'boolean' } });
  const config = loadConfig();
  const search = requireSearchConfig(config);
  const retriever = createAzureSearchRetriever(config);
  await retriever.check();
  const guidelines = await retriever.listGuidelines();
  if (values.json) {
    process.stdout.write(JSON.stringify({ index: search.indexName, guidelines }, null, 2) + '\n');
  } else {
    const passages = guidelines.reduce((n, g) => n + g.passages, 0);
    process.stdout.write(`Index "${search.indexName}": ${guidelines.length} guidelines, ${passages} passages.\n`);
    for (const g of guidelines) {
      process.stdout.write(
        `  ${g.title}${g.year ? ` (${g.year})` : ''} — ${g.passages} passages, ${g.recommendations} recommendations [${g.docId}]\n`,
      );
    }
  }
  return 0;
}

const command: CommandModule = {
  usage,
  async run(args) {
    const [sub, ...rest] = args;
    try {
      switch (sub) {
        case 'preflight':
          return await runPreflightCommand(rest);
        case 'index':
          return await runIndex(rest);
        case 'push':
          return await runPush(rest);
        case 'status':
          return await runStatus(rest);
        default:
          process.stderr.write(
            `${sub ? `curbside azure: unknown subcommand "${sub}" (preflight, index, push, status)\n\n` : ''}${usage}\n`,
          );
          return 2;
      }
    } catch (err) {
      if (err instanceof UsageError) {
        process.stderr.write(`${err.message}\n\n${usage}\n`);
        return 2;
      }
      throw err;
    }
  },
};

export default command;
