/**
 * Running a command class inside the test process, for commands driven through scripted
 * prompts (a spawned process cannot be handed answers): output captured, errors returned.
 */
import type { Command, Config } from '@oclif/core';

export interface InProcessRun<T> {
  result?: T;
  error?: Error & { oclif?: { exit?: number } };
  stdout: string;
  stderr: string;
}

export async function runInProcess<T>(command: { run(argv: string[], config: Config): Promise<unknown> } & typeof Command, args: string[], config: Config): Promise<InProcessRun<T>> {
  const run: InProcessRun<T> = { stdout: '', stderr: '' };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  process.stdout.write = ((chunk: string | Uint8Array) => ((run.stdout += chunk.toString()), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((run.stderr += chunk.toString()), true)) as typeof process.stderr.write;
  try {
    run.result = (await command.run(args, config)) as T;
  } catch (error) {
    run.error = error as InProcessRun<T>['error'];
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
  }
  return run;
}

/** Puts environment variables back as they were (deleting those that were unset). */
export function restoreEnv(saved: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}
