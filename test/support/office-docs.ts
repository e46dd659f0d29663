// Small Word and HTML guideline documents that tests write themselves (the `docx` package builds real .docx files).
import fs from 'node:fs';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';

export interface ProtocolRecommendation {
  number: string;
  text: string;
  /** Printed after the text, e.g. "Strong for". */
  strength: string;
}

export interface ProtocolContent {
  title: string;
  scope: string;
  /** Heading 2 under "Recommendations". */
  topic: string;
  recommendations: ProtocolRecommendation[];
}

const line = (r: ProtocolRecommendation) => `Recommendation ${r.number}: ${r.text} (${r.strength})`;

/** A Word protocol: title, a Scope section, then "Recommendations > <topic>" with numbered recommendations. */
export async function writeProtocolDocx(file: string, content: ProtocolContent): Promise<void> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: content.title, heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: 'Scope', heading: HeadingLevel.HEADING_2 }),
          new Paragraph(content.scope),
          new Paragraph({ text: 'Recommendations', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: content.topic, heading: HeadingLevel.HEADING_3 }),
          ...content.recommendations.map((r) => new Paragraph(line(r))),
        ],
      },
    ],
  });
  fs.writeFileSync(file, await Packer.toBuffer(doc));
}

/** An intranet page: navigation and footer around the content, recommendations as an ordered list. */
export function writeProtocolHtml(file: string, content: ProtocolContent): void {
  const items = content.recommendations.map((r) => `<li>${r.text} (${r.strength})</li>`).join('\n');
  fs.writeFileSync(
    file,
    `<!doctype html><html><head><title>${content.title} | Intranet</title><style>li{color:red}</style></head><body>
<nav><a href="/">Home</a> | <a href="/policies">Policies</a></nav>
<h1>${content.title}</h1>
<h2>Scope</h2><p>${content.scope}</p>
<h2>Recommendations</h2><h3>${content.topic}</h3>
<ol>${items}</ol>
<footer>Page owner: clinical governance. Cookie settings.</footer>
<script>track()</script></body></html>`,
  );
}
