/** Reading a command line's options, shared by every `cablesim` command. */

/** A mistake in the command line itself; the CLI prints it with a hint and exits with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** One word of a command line: an option (`--flag value`, `--flag=value`, `-f value`) or not. */
export interface Word {
  arg: string;
  /** The option's name, without `=value` (the word itself when it is no option). */
  flag: string;
  /** Take the option's value: after `=`, or the next word (which then is skipped). */
  value(): string;
  /** The words after this one, which are then skipped (for `--`). */
  rest(): string[];
}

/**
 * Walk `argv` word by word. A value may not look like an option (start with `-`), except a lone
 * `-` when `dashIsValue` (standard output, as `--out -`).
 */
export function* words(argv: readonly string[], dashIsValue: boolean): Generator<Word> {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    yield {
      arg,
      flag,
      value(): string {
        if (eq > 0) return arg.slice(eq + 1);
        const v = argv[i + 1];
        if (v === undefined || (v.startsWith('-') && !(dashIsValue && v === '-'))) throw new UsageError(`${flag} needs a value`);
        i++;
        return v;
      },
      rest(): string[] {
        const r = argv.slice(i + 1);
        i = argv.length;
        return r;
      },
    };
  }
}
