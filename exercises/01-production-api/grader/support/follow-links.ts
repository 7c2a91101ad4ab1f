import type { Exchange, GraderHttpClient } from '../../../../harness/grading/grader-kit.ts';

/** A next/prev link as a path the client can request (links may be absolute or relative). */
export function linkPath(link: unknown, baseUrl: string): string | undefined {
  if (typeof link !== 'string' || link === '') return undefined;
  const url = new URL(link, baseUrl);
  return `${url.pathname}${url.search}`;
}

/**
 * Follows `next` links from a first page until there is none, calling `between` after each page
 * (the v2 walk inserts rows there). Stops after `maxPages` so a link that loops cannot hang the grader.
 */
export async function walkPages(
  api: GraderHttpClient,
  token: string,
  first: string,
  nextOf: (page: Exchange) => unknown,
  options: { maxPages: number; between?: (pageNumber: number) => Promise<void> },
): Promise<Exchange[]> {
  const pages: Exchange[] = [];
  let path: string | undefined = first;
  while (path !== undefined) {
    const page = await api.get(path, { token });
    if (page.status !== 200) throw new Error(`a page of the walk did not answer 200\n  ${page.shown}`);
    pages.push(page);
    if (pages.length >= options.maxPages) {
      throw new Error(
        `still a next link after ${options.maxPages} pages; the walk loops or never ends\n  ${page.shown}`,
      );
    }
    await options.between?.(pages.length);
    path = linkPath(nextOf(page), api.baseUrl);
  }
  return pages;
}
