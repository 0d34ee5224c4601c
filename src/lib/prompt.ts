/**
 * Every interactive question goes through here, so tests replace one module and scripts
 * never reach a prompt (commands check for a TTY or a bypass flag first).
 */
export async function confirm(message: string, defaultValue = false): Promise<boolean> {
  const { confirm: ask } = require('@inquirer/prompts') as typeof import('@inquirer/prompts');
  return ask({ message, default: defaultValue }, { output: process.stderr });
}
