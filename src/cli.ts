/**
 * The command table oclif reads (package.json: oclif.commands, strategy "explicit"), and the
 * entry point of the bundle that bin/run.js loads (scripts/bundle.js).
 *
 * Each command is required on first use, through a getter: oclif looks up only the command it
 * runs (its help and its list of commands come from oclif.manifest.json), so a report still loads
 * the report's modules and nothing of sequelize. test/build/bundle.test.ts checks that this table
 * names every file under src/commands, and that a built report process runs from the bundle.
 */
import type { Command, Interfaces } from '@oclif/core';
import * as fs from 'node:fs';
import * as path from 'node:path';

type CommandModule = { default: Command.Class };

const loaders: Record<string, () => CommandModule> = {
  'addresses:add': () => require('./commands/addresses/add'),
  'addresses:list': () => require('./commands/addresses/list'),
  'addresses:remove': () => require('./commands/addresses/remove'),
  'addresses:set-default': () => require('./commands/addresses/set-default'),
  'auth:login': () => require('./commands/auth/login'),
  'auth:logout': () => require('./commands/auth/logout'),
  'auth:whoami': () => require('./commands/auth/whoami'),
  'categories:add': () => require('./commands/categories/add'),
  'categories:list': () => require('./commands/categories/list'),
  'categories:move': () => require('./commands/categories/move'),
  'coupons:add': () => require('./commands/coupons/add'),
  'coupons:disable': () => require('./commands/coupons/disable'),
  'coupons:list': () => require('./commands/coupons/list'),
  'db:erd': () => require('./commands/db/erd'),
  'db:migrate': () => require('./commands/db/migrate'),
  'db:migrate:undo': () => require('./commands/db/migrate/undo'),
  'db:seed': () => require('./commands/db/seed'),
  'db:start': () => require('./commands/db/start'),
  'db:status': () => require('./commands/db/status'),
  'db:stop': () => require('./commands/db/stop'),
  'docs:approve': () => require('./commands/docs/approve'),
  'docs:list': () => require('./commands/docs/list'),
  'docs:reject': () => require('./commands/docs/reject'),
  'docs:review': () => require('./commands/docs/review'),
  'docs:show': () => require('./commands/docs/show'),
  'docs:submit': () => require('./commands/docs/submit'),
  'logs:list': () => require('./commands/logs/list'),
  'orders:cancel': () => require('./commands/orders/cancel'),
  'orders:create': () => require('./commands/orders/create'),
  'orders:deliver': () => require('./commands/orders/deliver'),
  'orders:expire': () => require('./commands/orders/expire'),
  'orders:list': () => require('./commands/orders/list'),
  'orders:pay': () => require('./commands/orders/pay'),
  'orders:refund': () => require('./commands/orders/refund'),
  'orders:ship': () => require('./commands/orders/ship'),
  'orders:show': () => require('./commands/orders/show'),
  'products:add': () => require('./commands/products/add'),
  'products:deactivate': () => require('./commands/products/deactivate'),
  'products:export': () => require('./commands/products/export'),
  'products:import': () => require('./commands/products/import'),
  'products:list': () => require('./commands/products/list'),
  'products:show': () => require('./commands/products/show'),
  'products:update': () => require('./commands/products/update'),
  'promotions:add': () => require('./commands/promotions/add'),
  'promotions:disable': () => require('./commands/promotions/disable'),
  'promotions:list': () => require('./commands/promotions/list'),
  'reports:daily': () => require('./commands/reports/daily'),
  'reports:medicinal-status': () => require('./commands/reports/medicinal-status'),
  'reports:refresh': () => require('./commands/reports/refresh'),
  'reports:sales-by-day': () => require('./commands/reports/sales-by-day'),
  'reports:stock-low': () => require('./commands/reports/stock-low'),
  'reports:top-products': () => require('./commands/reports/top-products'),
  'returns:approve': () => require('./commands/returns/approve'),
  'returns:list': () => require('./commands/returns/list'),
  'returns:receive': () => require('./commands/returns/receive'),
  'returns:reject': () => require('./commands/returns/reject'),
  'returns:request': () => require('./commands/returns/request'),
  'reviews:hide': () => require('./commands/reviews/hide'),
  'reviews:list': () => require('./commands/reviews/list'),
  'reviews:show': () => require('./commands/reviews/show'),
  'stock:adjust': () => require('./commands/stock/adjust'),
  'stock:list': () => require('./commands/stock/list'),
  'stock:set': () => require('./commands/stock/set'),
  'stock:transfer': () => require('./commands/stock/transfer'),
  'users:add': () => require('./commands/users/add'),
  'users:deactivate': () => require('./commands/users/deactivate'),
  'users:list': () => require('./commands/users/list'),
  'users:profile': () => require('./commands/users/profile'),
  'users:show': () => require('./commands/users/show'),
  'users:update': () => require('./commands/users/update'),
  'variants:add': () => require('./commands/variants/add'),
  'variants:deactivate': () => require('./commands/variants/deactivate'),
  'variants:update': () => require('./commands/variants/update'),
  'warehouses:add': () => require('./commands/warehouses/add'),
  'warehouses:list': () => require('./commands/warehouses/list'),
};

export const COMMANDS: Record<string, Command.Class> = {};
for (const [id, load] of Object.entries(loaders)) {
  Object.defineProperty(COMMANDS, id, { enumerable: true, get: () => load().default });
}

/** Runs the command line (process.argv) through oclif from the bundle, as bin/run.js does (`dir`: bin/). */
export async function run(dir: string): Promise<void> {
  // No reflect-metadata here: sequelize-typescript requires it, and every model imports
  // sequelize-typescript before its decorators run, so only the commands on the models load it.
  const { execute, handle, settings } = require('@oclif/core') as typeof import('@oclif/core');
  // The bundle's commands, whatever NODE_ENV says: with NODE_ENV=development oclif would
  // otherwise load src/cli.ts through ts-node, and with it a second @oclif/core from
  // node_modules whose errors the bundle's handler does not recognise. bin/dev.js runs the
  // TypeScript sources.
  settings.enableAutoTranspile = false;
  // oclif finds the package root above `dir` and reads its package.json, each through a few
  // promises on the thread pool (~1–2 ms of a start-up); both are known here.
  const root = path.dirname(dir);
  const pjson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Interfaces.PJSON;
  await execute({ loadOptions: { root, pjson } }).catch(handle);
}
