import { Command } from 'commander';
import { collectChecks, collectServiceChecks } from '../harness/doctor/collect-checks.ts';
import { EXIT } from '../harness/errors.ts';
import { removeLeftoverContainers } from '../harness/services/cleanup-containers.ts';
import { handleError } from './handle-error.ts';

export const doctorCommand = new Command('doctor')
  .summary('check this machine can run lab')
  .option('--json', 'print the checks as JSON')
  .option(
    '--cleanup',
    'first remove the containers lab runs left behind (label dev.lab.managed=true, their lab process gone)',
  )
  .addHelpText('after', '\nExit code 0 when every essential check passes, 4 when one fails.')
  .action(async (options: { json?: boolean; cleanup?: boolean }) => {
    try {
      const checks = await collectChecks();
      const engine = checks.find((c) => c.name === 'docker engine')?.ok ?? false;
      const removed = options.cleanup && engine ? await removeLeftoverContainers() : undefined;
      // Service checks need an engine; without one, the docker check already says what to do.
      const services = engine ? await collectServiceChecks() : [];
      const ok = [...checks, ...services].every((c) => c.ok || !c.essential);
      if (options.json) {
        console.log(JSON.stringify({ ok, checks, services, ...(removed ? { removed } : {}) }, null, 2));
      } else {
        if (removed)
          console.log(
            `removed ${removed.length} container(s) lab left behind${removed.length ? `: ${removed.map((c) => c.id).join(' ')}` : ''}`,
          );
        for (const c of [...checks, ...services]) {
          console.log(
            `${c.ok ? '✓' : c.essential ? '✗' : '!'} ${c.name}: ${c.detail}${c.next ? `\n    ${c.next}` : ''}`,
          );
        }
      }
      process.exitCode = ok ? EXIT.ok : EXIT.environment;
    } catch (error) {
      process.exitCode = handleError(error, options);
    }
  });
