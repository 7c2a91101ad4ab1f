import { Command } from 'commander';
import { collectChecks } from '../harness/doctor/collect-checks.ts';
import { EXIT } from '../harness/errors.ts';

export const doctorCommand = new Command('doctor')
  .summary('check this machine can run lab')
  .option('--json', 'print the checks as JSON')
  .addHelpText('after', '\nExit code 0 when every essential check passes, 4 when one fails.')
  .action(async (options: { json?: boolean }) => {
    const checks = await collectChecks();
    const ok = checks.every((c) => c.ok || !c.essential);
    if (options.json) {
      console.log(JSON.stringify({ ok, checks }, null, 2));
    } else {
      for (const c of checks) {
        console.log(`${c.ok ? '✓' : c.essential ? '✗' : '!'} ${c.name}: ${c.detail}${c.next ? `\n    ${c.next}` : ''}`);
      }
    }
    process.exitCode = ok ? EXIT.ok : EXIT.environment;
  });
