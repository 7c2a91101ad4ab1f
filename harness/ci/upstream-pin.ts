import { execFileSync } from 'node:child_process';
import { LabError } from '../errors.ts';
import { LAB_ROOT } from '../paths.ts';

/** The teacher's lab a student fork is graded with: a git URL the CI runner can clone, and a commit or tag. */
export interface UpstreamPin {
  readonly url: string;
  readonly ref: string;
}

/** A full or abbreviated commit sha, or a tag/branch name: nothing a shell or YAML could read as syntax. */
const REF = /^(?:[0-9a-f]{7,40}|[A-Za-z0-9][A-Za-z0-9._/-]{0,99})$/;
/** https/ssh/git URLs, or scp-like `git@host:owner/repo.git`; no spaces, quotes or shell characters. */
const URL =
  /^(?:(?:https?|ssh|git):\/\/[A-Za-z0-9._~:/?#@!&+,;=%-]+|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[A-Za-z0-9._~/-]+)$/;

/**
 * `--upstream`/`--ref` when given; otherwise this checkout's `origin` remote and HEAD commit, so a
 * teacher who runs `lab ci init` in their own clone pins exactly the graders they have.
 */
export function resolveUpstreamPin(options: { upstream?: string; ref?: string }, root = LAB_ROOT): UpstreamPin {
  const url = options.upstream ?? git(root, ['remote', 'get-url', 'origin']);
  if (!url) {
    throw new LabError(`no --upstream given and ${root} has no \`origin\` remote to take it from`, {
      next: 'Pass the URL students can clone, e.g. `lab ci init --upstream https://github.com/teacher/lab.git`.',
    });
  }
  const ref = options.ref ?? git(root, ['rev-parse', 'HEAD']);
  if (!ref) {
    throw new LabError(`no --ref given and ${root} has no commit to pin (not a git checkout?)`, {
      next: 'Pass the commit or tag to grade with, e.g. `lab ci init --ref v1.0`.',
    });
  }
  if (!REF.test(ref)) {
    throw new LabError(`--ref ${JSON.stringify(ref)} is neither a commit sha nor a tag name`, {
      next: 'Give a commit sha (e.g. from `git rev-parse HEAD`) or a tag such as v1.0.',
    });
  }
  const cloneUrl = httpsForGithub(url.trim());
  if (!URL.test(cloneUrl)) {
    throw new LabError(`--upstream ${JSON.stringify(url)} is not a git URL lab can write into a workflow`, {
      next: 'Give an https URL such as https://github.com/teacher/lab.git.',
    });
  }
  return { url: cloneUrl, ref };
}

/** A CI runner has no SSH key for GitHub: `git@github.com:o/r.git` becomes `https://github.com/o/r.git`. */
export const httpsForGithub = (url: string): string =>
  url.replace(/^git@github\.com:/, 'https://github.com/').replace(/^ssh:\/\/git@github\.com\//, 'https://github.com/');

function git(root: string, args: readonly string[]): string | undefined {
  try {
    return (
      execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() ||
      undefined
    );
  } catch {
    return undefined;
  }
}
