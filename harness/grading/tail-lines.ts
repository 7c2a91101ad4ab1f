/** The last `count` non-empty lines of a text, each cut to a readable width. */
export function tailLines(text: string, count: number, width = 240): string {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(-count)
    .map((line) => (line.length > width ? `${line.slice(0, width)}…` : line))
    .join('\n');
}
