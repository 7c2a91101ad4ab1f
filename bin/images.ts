import { Command } from 'commander';
import { LabError } from '../harness/errors.ts';
import { type BuildEvent, buildImages } from '../harness/services/build-images.ts';
import { isServiceName, SERVICES, type ServiceName } from '../harness/services/image-catalog.ts';
import { listImages } from '../harness/services/list-images.ts';
import { handleError } from './handle-error.ts';

const listCommand = new Command('list')
  .summary('show each dependency: its official image, lab’s offline image, and which one a run uses')
  .option('--json', 'print the list as JSON')
  .action(async (options: { json?: boolean }) => {
    try {
      const images = await listImages();
      if (options.json) {
        console.log(JSON.stringify({ images }, null, 2));
        return;
      }
      const rows = [
        ['service', 'official image', 'offline image (lab images build)', 'a run uses'],
        ...images.map((i) => [
          i.service,
          i.image,
          `${i.offline} ${i.offlinePresent ? (i.offlineCurrent ? '✓' : '(old recipe)') : '✗'}`,
          `${i.uses} (${i.usesSource}${i.usesPresent ? '' : ', not here: Docker will try to pull it'})`,
        ]),
      ];
      const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
      for (const row of rows)
        console.log(
          row
            .map((cell, column) => cell.padEnd(widths[column] ?? 0))
            .join('  ')
            .trimEnd(),
        );
      const missing = images.filter((i) => !i.offlinePresent || !i.offlineCurrent).map((i) => i.service);
      if (missing.length > 0) console.log(`\nBuild without a registry: lab images build ${missing.join(' ')}`);
    } catch (error) {
      process.exitCode = handleError(error, options);
    }
  });

const buildCommand = new Command('build')
  .summary('build lab’s offline images from Debian packages (no registry); skips the ones present')
  .argument('[services...]', `which ones (default: all: ${SERVICES.join(', ')})`)
  .option('--force', 'rebuild even when present')
  .option('--verbose', 'show every line of the recipes, not only their steps')
  .option('--json', 'print the results as JSON (progress goes to stderr)')
  .addHelpText(
    'after',
    '\nNeeds root, debootstrap and a Docker engine (`bash containers/ci-prepare.sh` sets them up on Debian).\n\nExamples:\n  lab images build\n  lab images build redis --force',
  )
  .action(async (names: string[], options: { force?: boolean; verbose?: boolean; json?: boolean }) => {
    try {
      const unknown = names.filter((name) => !isServiceName(name));
      if (unknown.length > 0) {
        throw new LabError(`no offline recipe for ${unknown.join(', ')}`, {
          next: `lab has recipes for: ${SERVICES.join(', ')} (see \`lab images list\`).`,
        });
      }
      const services = names.length > 0 ? [...new Set(names as ServiceName[])] : SERVICES;
      const print = options.json ? console.error : console.log;
      const results = await buildImages(services, {
        force: options.force,
        onEvent: (event) => {
          const line = describe(event, options.verbose);
          if (line !== undefined) print(line);
        },
      });
      if (options.json) console.log(JSON.stringify({ results }, null, 2));
    } catch (error) {
      process.exitCode = handleError(error, options);
    }
  });

function describe(event: BuildEvent, verbose?: boolean): string | undefined {
  switch (event.type) {
    case 'skip':
      return `✓ ${event.service}: ${event.tag} is present and built from the current recipe (--force rebuilds it)`;
    case 'build':
      return `→ ${event.service}: building ${event.tag} (${event.reason})`;
    case 'line':
      return verbose || event.line.startsWith('==>') ? `  [${event.service}] ${event.line}` : undefined;
    case 'built':
      return `✓ ${event.service}: built ${event.tag} in ${(event.ms / 1000).toFixed(0)} s`;
  }
}

export const imagesCommand = new Command('images')
  .summary(`list or build the images of lab’s services (${SERVICES.join(', ')})`)
  .addHelpText(
    'after',
    '\nA run uses LAB_IMAGE_<NAME> if set, else lab’s offline image if present, else the official image.\n\nExamples:\n  lab images list\n  lab images build redis postgres',
  )
  .addCommand(listCommand)
  .addCommand(buildCommand);
// Usage errors of the subcommands exit with 2 too (bin/lab.ts catches CommanderError).
for (const command of imagesCommand.commands) command.exitOverride();
