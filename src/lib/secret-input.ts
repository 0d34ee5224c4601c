/**
 * Passwords come from a hidden prompt or from standard input (--password-stdin), never from
 * a flag: arguments show up in `ps` and shell history.
 */
import { ValidationError } from './errors';
import { prompt } from './prompt';

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The password from stdin (first line) when `fromStdin`, else from a hidden prompt on a
 * terminal (asked twice when `confirm`), else undefined.
 */
export async function readPassword(options: { fromStdin: boolean; message: string; confirm?: boolean }): Promise<string | undefined> {
  if (options.fromStdin) {
    const line = (await readStdin()).split(/\r?\n/)[0];
    if (!line) throw new ValidationError('--password-stdin: standard input held no password');
    return line;
  }
  if (!prompt.interactive()) return undefined;
  const first = await prompt.password(options.message);
  if (options.confirm) {
    const again = await prompt.password('Repeat it');
    if (again !== first) throw new ValidationError('the two passwords differ');
  }
  return first;
}
