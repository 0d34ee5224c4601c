import { StoreCommand } from '../../lib/base-command';
import { renderTable } from '../../lib/render';
import { seedDatabase, type SeedResult } from '../../services/db/seed';

export default class DbSeed extends StoreCommand {
  static summary = 'Load the demo data: two categories, four products with variants, an admin, a customer, a document and an order.';
  static description = `Runs seeders/ (migrations/sql/002_seed.sql) in one transaction. Idempotent: rows are matched on their natural keys, so running it again changes nothing.

The accounts admin@store.test (admin) and cliente@store.test (customer) get the password in STORE_SEED_PASSWORD (read from the environment, never from a flag), or the development default printed here.`;
  static examples = ['<%= config.bin %> <%= command.id %>', 'STORE_SEED_PASSWORD="$(cat /run/secrets/seed)" <%= config.bin %> <%= command.id %> --json'];

  async run(): Promise<Omit<SeedResult, 'defaultPassword'> & { defaultPasswordUsed: boolean }> {
    await this.parse(DbSeed);
    const sequelize = await this.database();
    const result = await seedDatabase(sequelize);
    const rows = Object.entries(result.counts).map(([table, count]) => ({ table, count }));
    this.say(renderTable(rows, [{ key: 'table', header: 'table' }, { key: 'count', header: 'rows', align: 'right' }]));
    if (result.defaultPassword) {
      this.note(`Accounts ${result.accounts.join(' and ')} use the development password "${result.defaultPassword}" (set STORE_SEED_PASSWORD to choose another).`);
    }
    // The password itself never goes into --json output.
    return { counts: result.counts, accounts: result.accounts, defaultPasswordUsed: result.defaultPassword !== undefined };
  }
}
