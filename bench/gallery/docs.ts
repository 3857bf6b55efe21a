/**
 * Replaces the section that starts with the line `heading` (up to the next heading of the same or
 * a higher level) with `heading` + `body`, or appends it when the document has no such section.
 * Other sections are left byte for byte as they were.
 */
export function upsertSection(markdown: string, heading: string, body: string): string {
  const level = /^(#+)\s/.exec(heading)?.[1]?.length;
  if (!level) throw new Error(`not a Markdown heading: ${heading}`);
  const section = `${heading}\n\n${body.trim()}\n`;
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.trimEnd() === heading);
  if (start < 0) {
    const base = markdown.trimEnd();
    return base ? `${base}\n\n${section}` : `# Benchmarks\n\n${section}`;
  }
  let end = lines.length;
  let fenced = false;
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i] as string;
    if (/^(```|~~~)/.test(l)) fenced = !fenced;
    const m = /^(#+)\s/.exec(l);
    if (!fenced && m && (m[1] as string).length <= level) {
      end = i;
      break;
    }
  }
  const before = lines.slice(0, start).join('\n');
  const after = lines.slice(end).join('\n');
  return `${before}${before ? '\n' : ''}${section}${after ? `\n${after}` : ''}`;
}
