import type { UpstreamPin } from './upstream-pin.ts';

/** Where the graded fork is checked out: inside the teacher's lab, so programs resolve its node_modules. */
export const FORK_PATH = 'lab/.lab/fork';
/** Where `lab ci` writes results.json, junit.xml and report.html; uploaded as the `lab-results` artifact. */
export const RESULTS_PATH = 'lab-results';

/**
 * The GitHub Actions workflow `lab ci init` writes into a student fork. The graders, the manifests
 * and lab itself come from the teacher's upstream at a pinned commit, never from the fork: the
 * fork contributes only its workspace, and `--check-graders` names any grader file it changed.
 * No secret is mapped into any step, the token is read-only and not left in .git/config, and lab
 * gives the learner's program only PATH, HOME, TZ, LANG and the services' variables anyway.
 */
export function labWorkflow(pin: UpstreamPin, labVersion: string): string {
  return `# Written by \`lab ci init\` (lab ${labVersion}); docs/teachers.md explains it.
# Grades this fork's workspace/ with the teacher's graders, pinned below. Editing
# exercises/*/grader in this fork does not change a grade: the job fails with "graders modified".
name: lab

on:
  push:
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: lab-\${{ github.ref }}
  cancel-in-progress: true

jobs:
  grade:
    name: lab ci${skipUpstream(pin.url)}
    runs-on: ubuntu-latest
    timeout-minutes: 60
    env:
      LAB_UPSTREAM: '${pin.url}'
      LAB_REF: '${pin.ref}'
    steps:
      - name: The teacher's lab at the pinned ref
        run: |
          git init -q lab
          git -C lab fetch -q --depth 1 "$LAB_UPSTREAM" "$LAB_REF"
          git -C lab checkout -q FETCH_HEAD
          echo "grading with $LAB_UPSTREAM at $(git -C lab rev-parse HEAD)"

      - name: This fork (its workspace is what gets graded)
        uses: actions/checkout@v4
        with:
          path: ${FORK_PATH}
          persist-credentials: false

      - uses: actions/setup-node@v4
        with:
          node-version: 20

      - name: Install the teacher's lab
        working-directory: lab
        run: npm ci --no-audit --no-fund

      - name: Grade with the teacher's graders
        working-directory: lab
        env:
          LAB_WORKSPACE: \${{ github.workspace }}/${FORK_PATH}/workspace
        run: node bin/lab.js ci --check-graders .lab/fork --reporter github --out-dir "$GITHUB_WORKSPACE/${RESULTS_PATH}"

      - name: Keep the results
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: lab-results
          path: ${RESULTS_PATH}
          if-no-files-found: warn
`;
}

/** The workflow travels with forks of the upstream; in the upstream itself there is no student work to grade. */
function skipUpstream(url: string): string {
  const repo = /^https:\/\/github\.com\/([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(url)?.[1];
  return repo ? `\n    if: github.repository != '${repo}'` : '';
}
