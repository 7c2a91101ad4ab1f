/**
 * Text for HTML element content or a quoted attribute. Everything the report shows from a run
 * (messages, the learner's output, titles) goes through here: a learner printing `<script>` gets
 * the characters on the page, never an element.
 */
export const escapeHtml = (text: string): string =>
  text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters have no place in a page.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
