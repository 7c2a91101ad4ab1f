/** A heading of a Markdown file and the text under it, up to the next heading of the same or a higher level. */
export interface Section {
  readonly heading: string;
  readonly level: number;
  readonly body: string;
}

/** The sections of a Markdown document (ATX headings; fenced code blocks are never headings). */
export function readSections(markdown: string): Section[] {
  const lines = markdown.split('\n');
  const headings: { index: number; level: number; heading: string }[] = [];
  let fenced = false;
  lines.forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const match = fenced ? null : /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (match?.[1] && match[2]) headings.push({ index, level: match[1].length, heading: match[2] });
  });
  return headings.map(({ index, level, heading }, i) => {
    const next = headings.slice(i + 1).find((h) => h.level <= level);
    return { heading, level, body: lines.slice(index + 1, next?.index ?? lines.length).join('\n') };
  });
}

/** What C2 asks of a README; each entry is a missing part, in words a learner can act on. */
export function readmeProblems(markdown: string): string[] {
  const sections = readSections(markdown);
  const problems: string[] = [];
  const hasDiagram = /^\s*```\s*mermaid\b/m.test(markdown) || /!\[[^\]]*\]\([^)]+\)/.test(markdown);
  if (!hasDiagram) problems.push('an architecture diagram (a ```mermaid block, or an image ![…](…))');
  const runSection = (what: string, pattern: RegExp) => {
    const found = sections.filter((s) => pattern.test(s.heading));
    if (found.length === 0) problems.push(`a ${what} section (a heading with ${pattern.source.replaceAll('\\b', '')})`);
    else if (!found.some((s) => /^\s*(```|~~~)/m.test(s.body))) {
      problems.push(`a command block (\`\`\`) in the ${what} section "${found[0]?.heading}"`);
    }
  };
  runSection('development', /\b(dev|development|local)\b/i);
  runSection('production', /\b(prod|production|deploy(ment|ing)?)\b/i);
  const runbook = sections.find((s) => /runbook/i.test(s.heading));
  const runbookLines = runbook?.body.split('\n').filter((line) => line.trim()).length ?? 0;
  if (!runbook) problems.push('an operational runbook (a heading with "Runbook")');
  else if (runbookLines < 3) {
    problems.push(`at least 3 lines in the runbook section "${runbook.heading}" (it has ${runbookLines})`);
  }
  return problems;
}
