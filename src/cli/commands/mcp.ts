// `curbside mcp`: Curbside as an MCP server over stdio, for MCP clients on the same machine (Claude Desktop, VS Code,
// Copilot Studio local testing, ...). stdout carries the protocol only; logs and index progress go to stderr.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { loadConfig } from '../../config.js';
import { createRuntime } from '../../runtime.js';
import { openAudit } from '../../ops/stores.js';
import { createRateLimiter } from '../../ops/rate-limit.js';
import { createApiService } from '../../api/service.js';
import { createMcpServer } from '../../api/mcp.js';
import { log } from '../../log.js';
import { parseFlags } from '../args.js';
import type { CommandModule } from '../command.js';

const command: CommandModule = {
  usage: `Usage: curbside mcp

Speaks the Model Context Protocol on stdin/stdout until stdin closes. Tools:
  answer_case_question  cited answer to a clinical case question (de-identified first)
  search_guidelines     verbatim guideline passages with citation metadata, with filters
  list_guidelines       the indexed guidelines, versions and counts

Reads the same configuration as the bot (CURBSIDE_INDEX, CURBSIDE_GUIDELINES, CURBSIDE_DATA_DIR, AZURE_OPENAI_*).
Calls are rate-limited (CURBSIDE_RATE_LIMIT_PER_MINUTE / _BURST) and audited in $CURBSIDE_DATA_DIR/audit.sqlite.
For MCP over HTTP, start the bot server with CURBSIDE_MCP_HTTP=true and use http://<host>:<port>/mcp.`,
  async run(args) {
    parseFlags(args, {});
    const config = loadConfig();
    const runtime = await createRuntime(config);
    const audit = openAudit(config);
    const service = createApiService({
      retriever: runtime.retriever,
      pipeline: runtime.pipeline,
      audit,
      limiter: createRateLimiter(config.api.rateLimit),
    });
    // The process owner is the caller: stdio servers are started by a local client on the user's behalf.
    const server = createMcpServer(service, {
      caller: { kind: 'local', id: 'local', tenant: null, rateKey: 'stdio', roles: [] },
      door: 'mcp-stdio',
    });
    const transport = new StdioServerTransport();

    const closed = new Promise<void>((resolve) => {
      server.server.onclose = () => resolve();
      process.stdin.once('end', () => resolve());
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await server.connect(transport);
    log.info({ engine: runtime.retriever.engine, mode: runtime.pipeline.mode }, 'mcp stdio server ready');
    await closed;
    await server.close().catch(() => undefined);
    audit.close();
    await runtime.close();
    return 0;
  },
};

export default command;
