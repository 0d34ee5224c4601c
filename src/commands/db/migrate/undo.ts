import { Flags } from '@oclif/core';
import { StoreCommand } from '../../../lib/base-command';
import { migrateDown, migrationNames, schemaState } from '../../../db/migrator';
import { UsageError, ValidationError } from '../../../lib/errors';
import { isTty } from '../../../lib/render';
import { confirm } from '../../../lib/prompt';

export default class DbMigrateUndo extends StoreCommand {
  static summary = 'Undo the last migration, or all of them.';
  static description = `Runs the down file of each undone migration (migrations/sql/down/), in one transaction per migration. Undoing the first migration drops every table and its data, so the command asks first on a terminal; scripts pass --yes.`;
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --all --yes',
    '<%= config.bin %> <%= command.id %> --to 20261123000003-indexes.js --yes',
  ];

  static flags = {
    all: Flags.boolean({ summary: 'Undo every applied migration.', exclusive: ['to'] }),
    to: Flags.string({ summary: 'Undo down to and including this migration.', exclusive: ['all'] }),
    yes: Flags.boolean({ char: 'y', summary: 'Do not ask for confirmation (required when not on a terminal).' }),
  };

  async run(): Promise<{ reverted: string[]; version: string | null }> {
    const { flags } = await this.parse(DbMigrateUndo);
    if (flags.to !== undefined && !migrationNames().includes(flags.to)) {
      throw new ValidationError(`--to: no migration named ${JSON.stringify(flags.to)} (known: ${migrationNames().join(', ')})`);
    }
    const sequelize = await this.database({ requireCurrentSchema: false });
    const state = await schemaState(sequelize);
    if (state.applied.length === 0) {
      this.say('Nothing to undo: no migration is applied.');
      return { reverted: [], version: null };
    }
    const what = flags.all ? 'every migration (drops all tables and their data)' : flags.to ? `migrations down to ${flags.to}` : `${state.applied.at(-1)}`;
    if (!flags.yes) {
      if (!isTty(process.stdout) || !process.stdin.isTTY || this.jsonEnabled()) throw new UsageError('undoing migrations destroys data: pass --yes to confirm');
      if (!(await confirm(`Undo ${what}?`))) {
        this.say('Nothing undone.');
        return { reverted: [], version: state.applied.at(-1) ?? null };
      }
    }
    const reverted = await migrateDown(sequelize, flags.all ? 0 : flags.to, ({ name }) => this.note(`undid ${name}`));
    const after = await schemaState(sequelize);
    const version = after.applied.at(-1) ?? null;
    this.say(`Undid ${reverted.length} migration(s); schema at ${version ?? 'empty'}.`);
    return { reverted, version };
  }
}
