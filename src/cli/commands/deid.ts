// `curbside deid [--json]`: de-identify text from stdin. A thin door over src/safety/deid.ts.
import { deidentify } from '../../safety/deid.js';
import { parseFlags } from '../args.js';
import type { CommandModule } from '../command.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const command: CommandModule = {
  usage: `Usage: curbside deid [--json] < note.txt

  --json   print {"text": string, "entities": [{"type", "start", "end"}]} (offsets into the input)
Without --json, prints the de-identified text.`,
  async run(args) {
    const { values } = parseFlags(args, { json: { type: 'boolean' } });
    const input = await readStdin();
    const result = deidentify(input);
    if (values.json) {
      const entities = result.entities.map(({ type, start, end }) => ({ type, start, end }));
      process.stdout.write(JSON.stringify({ text: result.text, entities }) + '\n');
    } else {
      process.stdout.write(result.text.endsWith('\n') ? result.text : result.text + '\n');
    }
    return 0;
  },
};

export default command;
