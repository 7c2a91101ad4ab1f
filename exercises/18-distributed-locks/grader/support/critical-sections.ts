import type { Access } from './fenced-resource.ts';

/** One entry into the critical section, from its accepted enter to its exit (if any). */
export interface Section {
  readonly worker: string;
  readonly lock: string;
  readonly token: number | undefined;
  readonly enter: Access;
  readonly exit: Access | undefined;
}

/** Accepted enters of `lock`, each paired with the same worker's next exit under the same token. */
export function sectionsOf(accesses: readonly Access[], lock: string): Section[] {
  const sections: Section[] = [];
  const open = new Map<string, Section>();
  for (const access of accesses) {
    if (access.lock !== lock) continue;
    const id = `${access.worker}\u0000${access.token}`;
    if (access.kind === 'enter' && access.status === 200) {
      const section: Section = { worker: access.worker, lock, token: access.token, enter: access, exit: undefined };
      sections.push(section);
      open.set(id, section);
    } else if (access.kind === 'exit') {
      const section = open.get(id);
      if (section) {
        open.delete(id);
        sections[sections.indexOf(section)] = { ...section, exit: access };
      }
    }
  }
  return sections;
}

/**
 * Pairs of sections that were inside at once: one entered before the other exited. A section with no
 * exit counts as inside until `openUntil(section)` (default: forever), e.g. the moment its worker was killed.
 */
export function overlapsOf(
  sections: readonly Section[],
  openUntil: (section: Section) => number = () => Number.POSITIVE_INFINITY,
): string[] {
  const end = (s: Section) => s.exit?.seq ?? openUntil(s);
  const sorted = [...sections].sort((a, b) => a.enter.seq - b.enter.seq);
  const found: string[] = [];
  let latest: Section | undefined;
  for (const section of sorted) {
    if (latest && section.enter.seq < end(latest) && latest.worker !== section.worker) {
      found.push(
        `${section.worker} entered with token ${section.token} while ${latest.worker} (token ${latest.token}) had not exited` +
          ` (${Math.round(section.enter.at - latest.enter.at)} ms after it entered)`,
      );
    }
    if (!latest || end(section) > end(latest)) latest = section;
  }
  return found;
}

/** Places where a token did not increase over the previous entry: a lock that let two owners share one token. */
export function tokenRegressions(sections: readonly Section[]): string[] {
  const ordered = [...sections].sort((a, b) => a.enter.seq - b.enter.seq);
  const found: string[] = [];
  for (let i = 1; i < ordered.length; i++) {
    const before = ordered[i - 1] as Section;
    const after = ordered[i] as Section;
    if (after.token === undefined || before.token === undefined || after.token <= before.token) {
      found.push(
        `${after.worker} entered with token ${after.token} after ${before.worker} had entered with token ${before.token}`,
      );
    }
  }
  return found;
}

/** Accepted enters per worker. */
export function entriesPerWorker(sections: readonly Section[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of sections) counts[s.worker] = (counts[s.worker] ?? 0) + 1;
  return counts;
}
