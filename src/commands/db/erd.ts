import * as fs from 'node:fs';
import * as path from 'node:path';
import { Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { RuleViolation } from '../../lib/errors';
import { cannotWrite } from '../../lib/files';
import { PACKAGE_ROOT } from '../../db/paths';
import { renderErd } from '../../services/db/erd';

export default class DbErd extends StoreCommand {
  static summary = 'Write the logical data model (a Mermaid erDiagram) to docs/erd.md.';
  static description = `Generated from the sequelize-typescript models, which a test keeps equal to the live schema. Needs no database. With --check, writes nothing and fails (exit 5) when the file is out of date.`;
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --check', '<%= config.bin %> <%= command.id %> --output -'];

  static flags = {
    output: Flags.string({ char: 'o', summary: 'Where to write the diagram ("-" for stdout). [default: docs/erd.md of this package]' }),
    check: Flags.boolean({ summary: 'Only check that the file is up to date.' }),
  };

  async run(): Promise<{ file: string; upToDate: boolean; written: boolean }> {
    const { flags } = await this.parse(DbErd);
    const { models } = require('../../models') as typeof import('../../models');
    const diagram = renderErd(models);
    if (flags.output === '-') {
      if (!this.jsonEnabled()) process.stdout.write(diagram);
      return { file: '-', upToDate: true, written: true };
    }
    const file = flags.output ? path.resolve(flags.output) : path.join(PACKAGE_ROOT, 'docs', 'erd.md');
    const shown = path.relative(process.cwd(), file) || file;
    let current: string | undefined;
    try {
      current = fs.readFileSync(file, 'utf8');
    } catch {
      current = undefined; // missing or unreadable: written below, where a real problem surfaces
    }
    const upToDate = current === diagram;
    if (flags.check) {
      if (!upToDate) throw new RuleViolation(`${shown} is out of date: run \`store db:erd\``);
      this.say(`${shown} is up to date.`);
      return { file, upToDate, written: false };
    }
    if (!upToDate) {
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, diagram);
      } catch (error) {
        throw cannotWrite('--output', shown, error);
      }
    }
    this.say(upToDate ? `${shown} was already up to date.` : `Wrote ${shown}.`);
    return { file, upToDate, written: !upToDate };
  }
}
