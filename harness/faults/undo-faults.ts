import { killProcessGroup } from '../learner/run-learner-command.ts';
import { RUN_LABEL, SERVICE_LABEL } from '../services/container-runtime.ts';
import { docker } from '../services/docker-cli.ts';
import { readFaults } from './fault-ledger.ts';
import { undoToxiproxyFaults } from './undo-toxiproxy.ts';

/** What teardown did to undo a run's faults; `failed` names what could not be undone and why. */
export interface UndoReport {
  readonly resumedProcesses: readonly number[];
  readonly unpaused: readonly string[];
  readonly restarted: readonly string[];
  /** Containers of extra service instances graders started, removed. */
  readonly removed: readonly string[];
  /** Toxics removed and proxies enabled again (`proxy/toxic`, `proxy`); present when a grader used Toxiproxy. */
  readonly toxiproxy?: readonly string[];
  readonly failed: readonly string[];
}

/**
 * Undoes every fault recorded in a run's ledger: SIGCONT to every process group a grader paused,
 * unpause paused containers and start stopped ones, so the services' own `stop()` finds them as it
 * left them; remove the extra service containers graders started; remove the toxics graders added and
 * enable the proxies they cut. Reads the containers' real state
 * (the ledger says what was touched, Docker says what is left). Never throws: teardown must go on.
 */
export async function undoFaults(runDir: string): Promise<UndoReport> {
  const faults = readFaults(runDir);
  const report = {
    resumedProcesses: [] as number[],
    unpaused: [] as string[],
    restarted: [] as string[],
    removed: [] as string[],
    failed: [] as string[],
  };
  if (faults.length === 0) return report;
  for (const pid of new Set(faults.flatMap((f) => (f.kind === 'process' && f.action === 'pause' ? [f.pid] : [])))) {
    if (killProcessGroup(pid, 'SIGCONT')) report.resumedProcesses.push(pid);
  }
  const containers = new Set(faults.flatMap((f) => (f.kind === 'container' ? [f.containerId] : [])));
  for (const id of containers) {
    try {
      const state = (await docker(['inspect', '--format', '{{.State.Status}}', id])).trim();
      if (state === 'paused') {
        await docker(['unpause', id]);
        report.unpaused.push(id);
      } else if (state === 'exited' || state === 'created') {
        await docker(['start', id]);
        report.restarted.push(id);
      }
    } catch (error) {
      // A container already removed is not an error: there is nothing left to undo.
      if (!/No such (object|container)/i.test(String((error as { stderr?: string }).stderr ?? error))) {
        report.failed.push(`${id.slice(0, 12)}: ${(error as Error).message}`);
      }
    }
  }
  const toxiproxy = await undoToxiproxyFaults(faults, report.failed);
  for (const fault of faults) {
    if (fault.kind !== 'service-instance') continue;
    try {
      const filters = [`${RUN_LABEL}=${fault.runId}`, `${SERVICE_LABEL}=${fault.service}`];
      const ids = (await docker(['ps', '-aq', ...filters.flatMap((f) => ['--filter', `label=${f}`])]))
        .split('\n')
        .filter(Boolean);
      if (ids.length > 0) await docker(['rm', '-f', '-v', ...ids]);
      report.removed.push(...ids);
    } catch (error) {
      report.failed.push(`${fault.service}: ${(error as Error).message}`);
    }
  }
  return toxiproxy.length > 0 ? { ...report, toxiproxy } : report;
}
