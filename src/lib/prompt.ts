/**
 * Every interactive question goes through this object, so a test replaces its methods and
 * scripts never reach a prompt (commands check `interactive()` or a bypass flag first).
 * Prompts write to stderr: stdout stays clean for data.
 */
type Inquirer = typeof import('@inquirer/prompts');
const inquirer = (): Inquirer => require('@inquirer/prompts') as Inquirer;

export interface Choice<T extends string> {
  value: T;
  name: string;
  description?: string;
}

export const prompt = {
  /** True when a person can answer: stdin and stderr are terminals. */
  interactive(): boolean {
    return Boolean(process.stdin.isTTY && process.stderr.isTTY);
  },
  async confirm(message: string, defaultValue = false): Promise<boolean> {
    return inquirer().confirm({ message, default: defaultValue }, { output: process.stderr });
  },
  async input(message: string, options: { default?: string; validate?: (value: string) => true | string } = {}): Promise<string> {
    return inquirer().input({ message, default: options.default, validate: options.validate }, { output: process.stderr });
  },
  /** Hidden input: nothing is echoed (a mask would reveal the length). */
  async password(message: string): Promise<string> {
    return inquirer().password({ message }, { output: process.stderr });
  },
  async select<T extends string>(message: string, choices: Array<Choice<T>>): Promise<T> {
    return inquirer().select<T>({ message, choices }, { output: process.stderr });
  },
};

/** Kept for callers that only confirm. */
export const confirm = (message: string, defaultValue = false): Promise<boolean> => prompt.confirm(message, defaultValue);
