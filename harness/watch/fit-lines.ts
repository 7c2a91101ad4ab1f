/** How many terminal rows a text takes once lines longer than the width wrap. */
export function rowsOf(text: string, columns: number): number {
  return text.split('\n').reduce((rows, line) => rows + Math.max(1, Math.ceil(line.length / Math.max(columns, 1))), 0);
}

/**
 * Cuts a text to at most `maxRows` terminal rows, saying how much was left out and where to see it:
 * a view taller than the terminal makes ink clear and redraw the whole screen on every frame.
 */
export function fitLines(text: string, maxRows: number, columns: number, whereAll: string): string {
  if (rowsOf(text, columns) <= maxRows) return text;
  const lines = text.split('\n');
  const kept: string[] = [];
  let used = 1; // the "… more" line
  for (const line of lines) {
    const rows = rowsOf(line, columns);
    if (used + rows > maxRows) break;
    kept.push(line);
    used += rows;
  }
  return [...kept, `  … ${lines.length - kept.length} more lines: ${whereAll}`].join('\n');
}
