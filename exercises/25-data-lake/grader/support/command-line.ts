/** A learner command as one would type it, for failure messages. */
export const commandLine = (args: readonly string[]): string =>
  `lake ${args.map((arg) => (/^[\w./=:,@-]+$/.test(arg) ? arg : `'${arg}'`)).join(' ')}`;
