import { Command, CommanderError } from 'commander';
import { EXIT } from '../harness/errors.ts';
import { labVersion } from '../harness/grading/lab-version.ts';
import { benchCommand } from './bench.ts';
import { ciCommand } from './ci.ts';
import { doctorCommand } from './doctor.ts';
import { hintCommand } from './hint.ts';
import { imagesCommand } from './images.ts';
import { listCommand } from './list.ts';
import { resetCommand } from './reset.ts';
import { selftestCommand } from './selftest.ts';
import { solutionCommand } from './solution.ts';
import { startCommand } from './start.ts';
import { downCommand, upCommand } from './up-down.ts';
import { verifyCommand } from './verify.ts';
import { watchCommand } from './watch.ts';

const program = new Command('lab')
  .description('A learning lab that grades real backend systems against real infrastructure, criterion by criterion.')
  .version(labVersion())
  .showHelpAfterError('(run with --help for usage)')
  .addHelpText(
    'after',
    `
Examples:
  lab list                 the 25 projects and your progress
  lab start 25             scaffold project 25 into workspace/25-data-lake
  lab verify 25            grade it; --only R2 for one criterion
  lab watch 25             grade again on every save (keys: r h l q)
  lab bench 1              load-test it against the project's latency and throughput thresholds
  lab hint 25 R2           one more hint
  lab solution 25          the reference solution, once yours passes
  lab reset 25             start project 25 over (your copy is moved aside)
  lab ci                   grade every started project (JUnit, JSON, GitHub)
  lab up 18 / lab down     keep project 18's containers warm between runs
  lab selftest 25          prove the grader (solution passes, starter and mutants fail)
  lab doctor               check Node, Docker and images
  lab images build         build lab's service images without a registry`,
  );

for (const command of [
  listCommand,
  startCommand,
  verifyCommand,
  benchCommand,
  watchCommand,
  hintCommand,
  solutionCommand,
  resetCommand,
  ciCommand,
  upCommand,
  downCommand,
  selftestCommand,
  doctorCommand,
  imagesCommand,
]) {
  program.addCommand(command);
}
// Usage errors (unknown command or option, missing argument) exit with 2, like every bad input.
program.exitOverride();
for (const command of program.commands) command.exitOverride();

// `lab list | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  throw error;
});

try {
  await program.parseAsync();
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
}
