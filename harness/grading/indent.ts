/** Indents every line of a text (quoted program output, failure messages under a heading). */
export const indent = (text: string, spaces = 4): string =>
  text
    .split('\n')
    .map((line) => `${' '.repeat(spaces)}${line}`)
    .join('\n');
