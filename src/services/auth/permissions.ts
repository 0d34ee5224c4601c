/**
 * Who may run which command: the one table, checked by the base command before a command
 * touches any data. `operator` commands manage the database itself and need only its
 * credentials (DATABASE_URL or the embedded server's files), not a store login.
 */
import type { UserRole } from '../../models/user';

export type Access = 'operator' | 'anyone' | readonly UserRole[];

const STAFF: readonly UserRole[] = ['admin', 'staff'];
const ADMIN: readonly UserRole[] = ['admin'];

export const PERMISSIONS: Readonly<Record<string, Access>> = {
  'db:migrate': 'operator',
  'db:migrate:undo': 'operator',
  'db:seed': 'operator',
  'db:status': 'operator',
  'db:start': 'operator',
  'db:stop': 'operator',
  'db:erd': 'operator',

  'auth:login': 'anyone',
  'auth:logout': 'anyone',
  'auth:whoami': 'anyone',

  // users:add without a login is allowed once: to create the first admin of an empty store.
  'users:add': ADMIN,
  'users:list': STAFF,
  'users:show': STAFF,
  'users:update': ADMIN,
  'users:deactivate': ADMIN,
  'users:profile': ADMIN,

  'addresses:add': STAFF,
  'addresses:list': STAFF,
  'addresses:set-default': STAFF,
  'addresses:remove': STAFF,

  // A customer may submit documents for themself only (checked by the service).
  'docs:submit': ['admin', 'staff', 'customer'],
  'docs:list': STAFF,
  'docs:show': STAFF,
  'docs:approve': STAFF,
  'docs:reject': STAFF,
  'docs:review': STAFF,

  'logs:list': ADMIN,

  // The catalog: staff read it (they fulfil orders); only admins change it.
  'categories:add': ADMIN,
  'categories:list': STAFF,
  'categories:move': ADMIN,
  'products:add': ADMIN,
  'products:list': STAFF,
  'products:show': STAFF,
  'products:update': ADMIN,
  'products:deactivate': ADMIN,
  'products:import': ADMIN,
  'products:export': STAFF,
  'variants:add': ADMIN,
  'variants:update': ADMIN,
  'variants:deactivate': ADMIN,
  'warehouses:add': ADMIN,
  'warehouses:list': STAFF,
  'stock:set': ADMIN,
  'stock:adjust': ADMIN,
  'stock:transfer': ADMIN,
  'stock:list': STAFF,
  'reviews:list': STAFF,
  'reviews:hide': STAFF,
  'reviews:show': STAFF,

  // Orders: staff take and fulfil them; cron jobs expire them with a staff token.
  'orders:create': STAFF,
  'orders:pay': STAFF,
  'orders:cancel': STAFF,
  'orders:ship': STAFF,
  'orders:deliver': STAFF,
  'orders:expire': STAFF,
  'orders:list': STAFF,
  'orders:show': STAFF,

  // Marketing: staff see coupons and promotions (customers ask about them); admins set them.
  'coupons:add': ADMIN,
  'coupons:list': STAFF,
  'coupons:disable': ADMIN,
  'promotions:add': ADMIN,
  'promotions:list': STAFF,
  'promotions:disable': ADMIN,
  // Money and goods coming back: staff handle them as they fulfil orders.
  'orders:refund': STAFF,
  'returns:request': STAFF,
  'returns:approve': STAFF,
  'returns:reject': STAFF,
  'returns:receive': STAFF,
  'returns:list': STAFF,

  // Reports: staff and admins (cron jobs use a staff token; see the store_reporting role).
  'reports:sales-by-day': STAFF,
  'reports:top-products': STAFF,
  'reports:stock-low': STAFF,
  'reports:medicinal-status': STAFF,
  'reports:daily': STAFF,
  'reports:refresh': STAFF,
};

export function accessFor(commandId: string): Access | undefined {
  return PERMISSIONS[commandId];
}
