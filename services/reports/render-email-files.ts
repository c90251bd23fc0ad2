/**
 * `seams report --out DIR`: writes an email as files to look at. `<kind>.html` is the message
 * body exactly as sent (images by CID); `<kind>.preview.html` points the images at the PNG files
 * beside it so a browser shows them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProgramReportInputs } from './report-inputs.js';
import { renderEmail, type EmailKind, type EmailPersonalization } from './render-email.js';

export async function renderEmailFiles(
  kind: EmailKind,
  inputs: ProgramReportInputs,
  outDir: string,
  personalization: EmailPersonalization = {},
): Promise<readonly string[]> {
  const email = await renderEmail(kind, inputs, personalization);
  await mkdir(outDir, { recursive: true });
  let preview = email.html;
  const files: [string, string | Buffer][] = [
    [`${kind}.html`, email.html],
    [`${kind}.txt`, email.text],
    [`${kind}.subject.txt`, `${email.subject}\n`],
  ];
  for (const attachment of email.attachments) {
    const filename = `${kind}-${attachment.filename}`;
    files.push([filename, attachment.content]);
    preview = preview.split(`cid:${attachment.cid}`).join(filename);
  }
  files.push([`${kind}.preview.html`, preview]);
  const paths: string[] = [];
  for (const [name, content] of files) {
    const path = join(outDir, name);
    await writeFile(path, content);
    paths.push(path);
  }
  return paths;
}
