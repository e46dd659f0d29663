import { execFile } from 'node:child_process';
import { startLoopbackAzure, startManagedIdentityEndpoint } from '../test/support/azure-env.ts';
const azure = await startLoopbackAzure();
const id = await startManagedIdentityEndpoint();
const env = { PATH: process.env.PATH!, HOME: process.env.HOME!, ...azure.env, AZURE_SEARCH_API_KEY: '', AZURE_OPENAI_API_KEY: '', ...id.env, NODE_EXTRA_CA_CERTS: azure.caFile, CURBSIDE_GUIDELINES: '/tmp/h6/kb', LOG_LEVEL: 'info' };
const run = (args: string[]) => new Promise<void>((res) => execFile(process.execPath, ['bin/curbside.js', ...args], { env, cwd: '/work/main' }, (e, o, er) => { console.log('code', e?.code ?? 0, o, String(er).slice(0, 3000)); res(); }));
await run(['azure', 'index']);
await run(['azure', 'push']);
await azure.close(); await id.close();
