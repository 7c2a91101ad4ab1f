import { Command } from 'commander';
import { EXIT, LabError } from '../harness/errors.ts';
import { findExercise } from '../harness/manifest/load-exercise.ts';
import { workspaceDir } from '../harness/paths.ts';
import { formatServiceProgress } from '../harness/reporters/format-plain.ts';
import { keepServices, removeKeptServices } from '../harness/services/kept-services.ts';
import { redactUrl } from '../harness/services/redact-url.ts';
import { withInterrupts } from '../harness/with-interrupts.ts';
import { handleError } from './handle-error.ts';

export const upCommand = new Command('up')
  .summary('start the services of projects once and keep them warm for the next verify runs')
  .description(
    'Starts a container for each service the projects need (Redis, Postgres…) and keeps it running after lab exits. ' +
      'Every `lab verify` then runs on these containers instead of starting its own — with a fresh database and key ' +
      'prefix of its own each time, dropped at its end. Idempotent: services already up are kept.',
  )
  .argument('<projects...>', 'project numbers or slugs, e.g. 18 1')
  .option('--json', 'print the warm services as JSON')
  .addHelpText(
    'after',
    `
Examples:
  lab up 18          start Redis once; lab verify 18 reuses it
  lab up 1 18        Postgres and Redis
  lab down           stop and remove them`,
  )
  .action(async (projects: string[], options: { json?: boolean }) => {
    try {
      const names = [...new Set(projects.flatMap((p) => findExercise(p).services))];
      if (names.length === 0) {
        throw new LabError(`project ${projects.join(', ')} needs no service: there is nothing to keep warm`, {
          next: 'Run `lab verify` directly.',
        });
      }
      const print = options.json ? console.error : console.log;
      const servers = await withInterrupts((signal) =>
        keepServices(names, { signal, onProgress: (event) => print(formatServiceProgress(event)) }),
      );
      if (options.json) {
        console.log(JSON.stringify({ services: servers }, null, 2));
        return;
      }
      for (const [name, server] of Object.entries(servers)) {
        console.log(`${name}: warm at ${redactUrl(server.url)} (container ${server.containerId?.slice(0, 12)})`);
      }
      console.log(
        'Every `lab verify` now runs on these (a fresh database and key prefix each time); `lab down` stops them.',
      );
    } catch (error) {
      process.exitCode = handleError(error, options);
    }
  });

export const downCommand = new Command('down')
  .summary('stop and remove the warm services of `lab up`')
  .option('--all', 'those of every workspace on this machine, not only this one')
  .action(async (options: { all?: boolean }) => {
    try {
      const removed = await removeKeptServices(options.all);
      console.log(
        removed.length > 0
          ? `removed ${removed.length} warm container${removed.length === 1 ? '' : 's'}: ${removed.join(' ')}`
          : `no warm container was running for ${options.all ? 'any workspace' : workspaceDir()}`,
      );
      process.exitCode = EXIT.ok;
    } catch (error) {
      process.exitCode = handleError(error, {});
    }
  });
