/**
 * The bad-input corpus: every command of the manifest meets malformed flags, arguments and
 * files — wrong types, negative and huge numbers, empty and 100 KB strings, control characters,
 * invalid UTF-8, SQL fragments, broken CSV and JSON, impossible dates, unknown ids, RUTs with a
 * wrong check digit. Each case must give one clear line on stderr, its documented exit code, no
 * stack trace, and leave the database exactly as it was.
 *
 * Most cases run inside this process (a command class with its output captured: tens of
 * milliseconds each); the cases that need a real process — raw bytes in argv, standard input,
 * environment variables, the db:* commands — are spawned a few at a time.
 */
import { Config, Errors } from '@oclif/core';
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ExitCode } from '../../src/lib/errors';
import { seedDatabase } from '../../src/services/db/seed';
import { databaseChecksum } from '../helpers/checksum';
import { BIN, expectRefused, freshConfigDir, type CliResult } from '../helpers/cli';
import { freshDatabase, type TestDatabase } from '../helpers/database';
import { restoreEnv, runInProcess } from '../helpers/in-process';
import { buildUser, type TestUser } from '../helpers/people';
import { recordFigure, scaled } from '../helpers/reliability';

const ROOT = path.join(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'oclif.manifest.json'), 'utf8')) as { commands: Record<string, unknown> };

const { usage: USAGE, invalidInput: INVALID, notFound: NOT_FOUND, ruleRefused: RULE } = ExitCode;

const HUGE = '9'.repeat(25); // beyond 64-bit, let alone 32-bit
const BEYOND_32 = '4294967297';
const LONG = 'x'.repeat(100 * 1024);
const DROP = "'; DROP TABLE users; --";
const BOBBY = "Robert'); --";
const BELL = 'Nombre\u0007con timbre';
const ESCAPE = '\u001b[31mrojo\u001b[0m';
const NOT_A_DATE = '2026-02-30';
const BAD_RUT = '12.345.678-9'; // the check digit of 12.345.678 is 5
const UNKNOWN_ID = '987654321';
const UNKNOWN_EMAIL = 'nadie@tienda.cl';

interface BadInput {
  command: string;
  args: string[];
  /** Written to a temporary file whose path replaces {file} in args (raw bytes when a Buffer). */
  file?: { name: string; content: string | Buffer };
  code: number;
  stderr: RegExp;
  /**
   * Run as a real process: argv given as shell words (so raw bytes reach argv), standard
   * input, and environment variables of its own.
   */
  spawn?: { shellArgs?: string; stdin?: string; env?: Record<string, string> };
}

const INVALID_ID = /^error: (ID|ORDER|ORDER_ID|ORDER_ITEM_ID|[A-Z_]+): must be a positive whole number$/;
const flag = (name: string) => new RegExp(`^error: --${name}: `);
const notFound = /^error: .*(not found|no such|unknown|does not exist|no (user|product|category|variant|warehouse|order|medicinal document|document|coupon|promotion|review|return|address))/i;
const unknownFlag = /^error: Nonexistent flag: --bogus$/;
const unexpectedArg = /^error: Unexpected argument: /;

const CSV_HEADER = 'product_slug,product_name,category_slug,description,image_url,is_active,sku,option_label,price_cents,stock,size,color,warehouse';
const csvRow = (overrides: Partial<Record<'slug' | 'name' | 'category' | 'image' | 'active' | 'sku' | 'label' | 'price' | 'stock', string>> = {}) =>
  [
    overrides.slug ?? 'semilla-corpus',
    overrides.name ?? 'Semilla Corpus',
    overrides.category ?? 'semillas',
    'Descripción',
    overrides.image ?? '',
    overrides.active ?? 'true',
    overrides.sku ?? 'CORPUS-X1',
    overrides.label ?? 'x1',
    overrides.price ?? '1000',
    overrides.stock ?? '3',
    '',
    '',
    '',
  ].join(',');
const csv = (...rows: string[]) => `${CSV_HEADER}\n${rows.join('\n')}\n`;
const importCsv = (content: string | Buffer, code: number, stderr: RegExp): BadInput => ({ command: 'products:import', args: ['{file}'], file: { name: 'catalog.csv', content }, code, stderr });
const importJson = (content: string, code: number, stderr: RegExp): BadInput => ({ command: 'products:import', args: ['{file}'], file: { name: 'catalog.json', content }, code, stderr });
const FILE_REFUSED = /^error: the file has \d+ problem\(s\); nothing was imported$/;

/** The corpus. Everything runs as an admin, so the command gets past the permission table to its input. */
const CORPUS: BadInput[] = [
  // addresses
  { command: 'addresses:add', args: ['--user', 'cliente@store.test', '--name', 'Casa', '--line', 'Calle 1', '--comuna', 'Narnia', '--region', 'RM'], code: INVALID, stderr: flag('comuna') },
  { command: 'addresses:add', args: ['--user', 'cliente@store.test', '--name', '', '--line', 'Calle 1', '--comuna', 'Ñuñoa', '--region', 'RM'], code: INVALID, stderr: flag('name') },
  { command: 'addresses:add', args: ['--user', 'cliente@store.test', '--name', 'Casa', '--line', LONG, '--comuna', 'Ñuñoa', '--region', 'RM'], code: INVALID, stderr: flag('line') },
  { command: 'addresses:add', args: ['--user', UNKNOWN_EMAIL, '--name', 'Casa', '--line', 'Calle 1', '--comuna', 'Ñuñoa', '--region', 'RM'], code: NOT_FOUND, stderr: notFound },
  { command: 'addresses:list', args: ['--user', DROP], code: NOT_FOUND, stderr: /^error: no user "'; DROP TABLE users; --"/ },
  { command: 'addresses:list', args: ['--user', UNKNOWN_EMAIL], code: NOT_FOUND, stderr: notFound },
  { command: 'addresses:remove', args: ['abc'], code: INVALID, stderr: INVALID_ID },
  { command: 'addresses:remove', args: [UNKNOWN_ID], code: NOT_FOUND, stderr: notFound },
  { command: 'addresses:set-default', args: [HUGE], code: INVALID, stderr: INVALID_ID },
  { command: 'addresses:set-default', args: [BEYOND_32], code: NOT_FOUND, stderr: notFound },
  // auth: the password comes on standard input, so these run as processes
  { command: 'auth:login', args: ['--email', DROP, '--password-stdin'], spawn: { stdin: 'x\n' }, code: INVALID, stderr: flag('email') },
  { command: 'auth:login', args: ['--email', 'admin@store.test', '--password-stdin', '--ttl', '-5h'], spawn: { stdin: 'x\n' }, code: INVALID, stderr: flag('ttl') },
  { command: 'auth:login', args: ['--email', 'admin@store.test', '--password-stdin'], spawn: { stdin: '' }, code: INVALID, stderr: /^error: .*password/i },
  { command: 'auth:logout', args: ['extra'], code: USAGE, stderr: unexpectedArg },
  { command: 'auth:whoami', args: ['--bogus'], code: USAGE, stderr: unknownFlag },
  { command: 'auth:whoami', args: [], spawn: { env: { STORE_TOKEN: `stk_${DROP}` } }, code: INVALID, stderr: /^error: environment variable STORE_TOKEN: / },
  // categories
  { command: 'categories:add', args: ['--name', ''], code: INVALID, stderr: flag('name') },
  { command: 'categories:add', args: ['--name', LONG], code: INVALID, stderr: flag('name') },
  { command: 'categories:add', args: ['--name', BELL], code: INVALID, stderr: flag('name') },
  { command: 'categories:add', args: ['--name', 'Otra', '--slug', DROP], code: INVALID, stderr: flag('slug') },
  { command: 'categories:add', args: ['--name', 'Otra', '--parent', 'no-existe'], code: NOT_FOUND, stderr: notFound },
  { command: 'categories:list', args: ['--csv', '--json'], code: USAGE, stderr: /^error: .*cannot also be provided/ },
  { command: 'categories:move', args: ['no-existe', '--root'], code: NOT_FOUND, stderr: notFound },
  { command: 'categories:move', args: ['semillas', '--parent', 'semillas'], code: RULE, stderr: /^error: .*(cycle|itself|own)/i },
  // coupons
  { command: 'coupons:add', args: ['--code', 'CIEN', '--type', 'percent', '--percent', '150'], code: INVALID, stderr: flag('percent') },
  { command: 'coupons:add', args: ['--code', 'NEG', '--type', 'percent', '--percent=-5'], code: INVALID, stderr: flag('percent') },
  { command: 'coupons:add', args: ['--code', 'HUGE', '--type', 'fixed', '--amount', HUGE], code: INVALID, stderr: flag('amount') },
  { command: 'coupons:add', args: ['--code', 'FECHA', '--type', 'percent', '--percent', '10', '--starts', NOT_A_DATE], code: INVALID, stderr: flag('starts') },
  { command: 'coupons:add', args: ['--code', DROP, '--type', 'percent', '--percent', '10'], code: INVALID, stderr: flag('code') },
  { command: 'coupons:add', args: ['--code', 'TIPO', '--type', 'bogus'], code: USAGE, stderr: /^error: Expected --type=bogus to be one of/ },
  { command: 'coupons:add', args: ['--code', 'FIN', '--type', 'percent', '--percent', '10', '--ends', '2026-04-31'], code: INVALID, stderr: flag('ends') },
  { command: 'coupons:disable', args: ['NO-EXISTE'], code: NOT_FOUND, stderr: notFound },
  { command: 'coupons:disable', args: [LONG], code: INVALID, stderr: /^error: CODE: / },
  { command: 'coupons:list', args: ['--bogus'], code: USAGE, stderr: unknownFlag },
  // db: operator commands, as processes (their own environment; nothing in this process to disturb)
  { command: 'db:erd', args: ['--bogus'], spawn: {}, code: USAGE, stderr: unknownFlag },
  { command: 'db:erd', args: ['--output', '/dev/null/erd.md'], spawn: {}, code: INVALID, stderr: flag('output') },
  { command: 'db:migrate', args: ['extra'], spawn: {}, code: USAGE, stderr: unexpectedArg },
  { command: 'db:migrate:undo', args: ['--to', DROP, '--yes'], spawn: {}, code: INVALID, stderr: flag('to') },
  { command: 'db:migrate:undo', args: [], spawn: {}, code: USAGE, stderr: /^error: .*--yes/ },
  { command: 'db:seed', args: [], spawn: { env: { STORE_SEED_PASSWORD: 'corta' } }, code: INVALID, stderr: /^error: environment variable STORE_SEED_PASSWORD: / },
  { command: 'db:start', args: [], spawn: {}, code: RULE, stderr: /^error: DATABASE_URL is set/ },
  { command: 'db:status', args: [], spawn: { env: { DATABASE_URL: 'mysql://root@localhost/store' } }, code: INVALID, stderr: /^error: environment variable DATABASE_URL: / },
  { command: 'db:stop', args: [], spawn: {}, code: RULE, stderr: /^error: DATABASE_URL is set/ },
  { command: 'db:stop', args: ['--bogus'], spawn: {}, code: USAGE, stderr: unknownFlag },
  // documents
  { command: 'docs:approve', args: ['abc'], code: INVALID, stderr: INVALID_ID },
  { command: 'docs:approve', args: ['{doc}', '--valid-until', NOT_A_DATE], code: INVALID, stderr: flag('valid-until') },
  { command: 'docs:approve', args: ['{doc}', '--notes', ESCAPE], code: INVALID, stderr: flag('notes') },
  { command: 'docs:approve', args: [UNKNOWN_ID], code: NOT_FOUND, stderr: notFound },
  { command: 'docs:list', args: ['--status', 'bogus'], code: USAGE, stderr: /^error: Expected --status=bogus to be one of/ },
  { command: 'docs:list', args: ['--limit', '0'], code: INVALID, stderr: flag('limit') },
  { command: 'docs:list', args: ['--limit', HUGE], code: INVALID, stderr: flag('limit') },
  { command: 'docs:reject', args: ['{doc}', '--notes', ''], code: INVALID, stderr: flag('notes') },
  { command: 'docs:reject', args: [UNKNOWN_ID, '--notes', 'ilegible'], code: NOT_FOUND, stderr: notFound },
  { command: 'docs:review', args: ['--limit', 'abc'], code: INVALID, stderr: /^error: --limit: expected an integer/ },
  { command: 'docs:review', args: ['--bogus'], code: USAGE, stderr: unknownFlag },
  { command: 'docs:show', args: ['1.5'], code: INVALID, stderr: INVALID_ID },
  { command: 'docs:show', args: [BEYOND_32], code: NOT_FOUND, stderr: notFound },
  { command: 'docs:submit', args: ['--user', 'cliente@store.test', '--type', 'receta', '--file', 'ftp://docs.store.test/r.pdf'], code: INVALID, stderr: flag('file') },
  { command: 'docs:submit', args: ['--user', UNKNOWN_EMAIL, '--type', 'receta', '--file', 'https://docs.store.test/r.pdf'], code: NOT_FOUND, stderr: notFound },
  { command: 'docs:submit', args: ['--user', 'cliente@store.test', '--type', 'bogus', '--file', 'https://docs.store.test/r.pdf'], code: USAGE, stderr: /^error: Expected --type=bogus to be one of/ },
  // audit trail
  { command: 'logs:list', args: ['--since', NOT_A_DATE], code: INVALID, stderr: flag('since') },
  { command: 'logs:list', args: ['--limit', '-1'], code: INVALID, stderr: flag('limit') },
  { command: 'logs:list', args: ['--since', '2026-02-30T10:00'], code: INVALID, stderr: flag('since') },
  { command: 'logs:list', args: ['--entity-id', 'abc'], code: INVALID, stderr: /^error: --entity-id: expected an integer/ },
  { command: 'logs:list', args: ['--actor', BOBBY], code: NOT_FOUND, stderr: /^error: no user "Robert'\); --"/ },
  // orders
  { command: 'orders:cancel', args: [UNKNOWN_ID, '--reason', 'x'], code: NOT_FOUND, stderr: notFound },
  { command: 'orders:cancel', args: ['{order}', '--reason', ''], code: INVALID, stderr: flag('reason') },
  { command: 'orders:create', args: ['--user', 'cliente@store.test', '--item', 'NL-AUTO-X1:0'], code: INVALID, stderr: flag('item') },
  { command: 'orders:create', args: ['--user', 'cliente@store.test', '--item', `NL-AUTO-X1:${HUGE}`], code: INVALID, stderr: flag('item') },
  { command: 'orders:create', args: ['--user', 'cliente@store.test', '--item', 'NL-AUTO-X1:dos'], code: INVALID, stderr: flag('item') },
  { command: 'orders:create', args: ['--user', 'cliente@store.test', '--item', 'NO-EXISTE:1'], code: NOT_FOUND, stderr: notFound },
  { command: 'orders:create', args: ['--user', UNKNOWN_EMAIL, '--item', 'NL-AUTO-X1:1'], code: NOT_FOUND, stderr: notFound },
  { command: 'orders:create', args: ['--user', 'cliente@store.test', '--item', 'NL-AUTO-X1:1', '--shipping', DROP], code: INVALID, stderr: flag('shipping') },
  { command: 'orders:create', args: ['--user', 'cliente@store.test', '--item', 'NL-AUTO-X1:9000'], code: RULE, stderr: /^error: .*stock/i },
  { command: 'orders:deliver', args: ['abc'], code: INVALID, stderr: INVALID_ID },
  { command: 'orders:deliver', args: ['{order}'], code: RULE, stderr: /^error: .*pending/ },
  { command: 'orders:expire', args: ['--older-than', 'ayer'], code: INVALID, stderr: flag('older-than') },
  { command: 'orders:expire', args: ['--older-than', '0m'], code: INVALID, stderr: flag('older-than') },
  { command: 'orders:list', args: ['--since', NOT_A_DATE], code: INVALID, stderr: flag('since') },
  { command: 'orders:list', args: ['--status', DROP], code: INVALID, stderr: flag('status') },
  { command: 'orders:list', args: ['--limit', BEYOND_32], code: INVALID, stderr: flag('limit') },
  { command: 'orders:list', args: ['--until', '2026-02-29'], code: INVALID, stderr: flag('until') }, // 2026 is not a leap year
  { command: 'orders:pay', args: ['{order}', '--provider', 'bitcoin'], code: INVALID, stderr: flag('provider') },
  { command: 'orders:pay', args: ['{order}', '--provider', 'test', '--amount=-1'], code: INVALID, stderr: flag('amount') },
  { command: 'orders:pay', args: ['{order}', '--provider', 'test', '--amount', HUGE], code: INVALID, stderr: flag('amount') },
  { command: 'orders:pay', args: [UNKNOWN_ID, '--provider', 'test'], code: NOT_FOUND, stderr: notFound },
  { command: 'orders:pay', args: ['{order}', '--provider', 'test', '--ref', LONG], code: INVALID, stderr: flag('ref') },
  { command: 'orders:refund', args: ['{order}', '--amount', '0', '--reason', 'x'], code: INVALID, stderr: flag('amount') },
  { command: 'orders:refund', args: ['{order}', '--all', '--reason', ''], code: INVALID, stderr: flag('reason') },
  { command: 'orders:refund', args: [UNKNOWN_ID, '--all', '--reason', 'x'], code: NOT_FOUND, stderr: notFound },
  { command: 'orders:ship', args: ['{order}', '--carrier', ''], code: INVALID, stderr: flag('carrier') },
  { command: 'orders:ship', args: [UNKNOWN_ID, '--carrier', 'chilexpress'], code: NOT_FOUND, stderr: notFound },
  { command: 'orders:show', args: ['-1'], code: INVALID, stderr: /^error: ORDER_ID: must be a positive whole number$/ },
  { command: 'orders:show', args: [UNKNOWN_ID], code: NOT_FOUND, stderr: notFound },
  // catalog
  { command: 'products:add', args: ['--category', 'semillas', '--name', 'Corpus', '--variant', 'sin-precio'], code: INVALID, stderr: /^error: --variant "[^"]*"( [A-Z_]+)?: / },
  { command: 'products:add', args: ['--category', 'semillas', '--name', 'Corpus', '--variant', 'u:-1:1'], code: INVALID, stderr: /^error: --variant "[^"]*"( [A-Z_]+)?: / },
  { command: 'products:add', args: ['--category', 'semillas', '--name', 'Corpus', '--variant', `u:${HUGE}:1`], code: INVALID, stderr: /^error: --variant "[^"]*"( [A-Z_]+)?: / },
  { command: 'products:add', args: ['--category', 'semillas', '--name', 'Corpus', '--variant', `u:100:${BEYOND_32}`], code: INVALID, stderr: /^error: --variant "[^"]*"( [A-Z_]+)?: / },
  { command: 'products:add', args: ['--category', 'no-existe', '--name', 'Corpus', '--variant', 'u:1:1'], code: NOT_FOUND, stderr: notFound },
  { command: 'products:add', args: ['--category', 'semillas', '--name', 'Corpus', '--image-url', 'javascript:alert(1)', '--variant', 'u:1:1'], code: INVALID, stderr: flag('image-url') },
  { command: 'products:add', args: ['--category', 'semillas', '--name', LONG, '--variant', 'u:1:1'], code: INVALID, stderr: flag('name') },
  { command: 'products:add', args: ['--category', 'semillas', '--name', 'Corpus', '--variant', 'u:1:1:NL-AUTO-X1'], code: RULE, stderr: /^error: .*NL-AUTO-X1/ },
  { command: 'products:deactivate', args: ['no-existe'], code: NOT_FOUND, stderr: notFound },
  { command: 'products:deactivate', args: [DROP], code: NOT_FOUND, stderr: /^error: no product "'; DROP TABLE users; --"$/ },
  { command: 'products:export', args: ['--format', 'xml'], code: USAGE, stderr: /^error: Expected --format=xml to be one of/ },
  { command: 'products:export', args: ['--output', '/dev/null/catalog.csv'], code: INVALID, stderr: flag('output') },
  importCsv(csv(csvRow(), '"semilla-rota,Semilla Rota,semillas,sin cerrar,,true,ROTA-X1,x1,1000,1,,,'), INVALID, FILE_REFUSED),
  importCsv(csv(csvRow(), 'semilla-corta,Semilla Corta,semillas'), INVALID, FILE_REFUSED),
  importCsv(`\uFEFF${CSV_HEADER}\r\n${csvRow({ price: '-100' })}\r\n`, INVALID, FILE_REFUSED),
  importCsv(csv(csvRow({ price: HUGE })), INVALID, FILE_REFUSED),
  importCsv(csv(csvRow({ stock: BEYOND_32 })), INVALID, FILE_REFUSED),
  importCsv(csv(csvRow({ name: `"Semilla ${BELL}"` })), INVALID, FILE_REFUSED),
  importCsv(Buffer.concat([Buffer.from(`${CSV_HEADER}\n${csvRow({ name: 'Semilla ' })}`), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from(',semillas,,,true,BYTES-X1,x1,1000,1,,,\n')]), INVALID, FILE_REFUSED),
  importCsv(csv(csvRow({ slug: DROP })), INVALID, FILE_REFUSED),
  importCsv(csv(csvRow({ category: 'no-existe' })), INVALID, FILE_REFUSED),
  importCsv(csv(csvRow({ active: 'quizas' })), INVALID, FILE_REFUSED),
  importCsv('', INVALID, /^error: /),
  importCsv(csv(csvRow(), csvRow({ label: 'x1 otra vez' })), INVALID, FILE_REFUSED), // the same SKU twice
  importCsv(csv(csvRow(), csvRow({ sku: 'CORPUS-X2', name: 'Otro Nombre' })), INVALID, FILE_REFUSED), // product columns disagree
  importCsv(`${CSV_HEADER}\r\n${csvRow({ image: 'http://sin-tls.cl/x.jpg' })}\r\n`, INVALID, FILE_REFUSED),
  importCsv('product_slug,nombre\nsemilla,Semilla\n', INVALID, FILE_REFUSED),
  importJson('[{"slug": "semilla-json", "name": "Semilla JSON", "category": "semillas", "variants": [', INVALID, FILE_REFUSED),
  importJson('{"products": []}', INVALID, /^error: /),
  importJson('[{"slug": "semilla-json", "name": "Semilla JSON", "category": "semillas", "variants": [{"sku": "JSON-X1", "option_label": "x1", "price_cents": "mil", "stock": 1}]}]', INVALID, FILE_REFUSED),
  { command: 'products:import', args: ['/no/such/catalog.csv'], code: INVALID, stderr: /^error: FILE: no such file/ },
  { command: 'products:import', args: ['{file}'], file: { name: 'catalog.txt', content: csv(csvRow()) }, code: INVALID, stderr: /^error: FILE: .*neither/ },
  { command: 'products:list', args: ['--low-stock=-1'], code: INVALID, stderr: flag('low-stock') },
  { command: 'products:list', args: ['--limit', 'diez'], code: INVALID, stderr: /^error: --limit: expected an integer/ },
  { command: 'products:list', args: ['--active', '--inactive'], code: USAGE, stderr: /^error: .*cannot also be provided/ },
  { command: 'products:list', args: ['--search', LONG], code: INVALID, stderr: flag('search') },
  { command: 'products:show', args: ['no-existe'], code: NOT_FOUND, stderr: notFound },
  { command: 'products:show', args: [LONG], code: NOT_FOUND, stderr: /^error: no product "x+… \(\d+ characters\)$/ },
  { command: 'products:update', args: ['semilla-northern-lights-auto', '--image-url', 'http://inseguro.cl/x.jpg'], code: INVALID, stderr: flag('image-url') },
  { command: 'products:update', args: ['semilla-northern-lights-auto', '--name', ''], code: INVALID, stderr: flag('name') },
  { command: 'products:update', args: ['no-existe', '--name', 'Otro'], code: NOT_FOUND, stderr: notFound },
  { command: 'products:update', args: ['semilla-northern-lights-auto', '--category', 'no-existe'], code: NOT_FOUND, stderr: notFound },
  // marketing
  { command: 'promotions:add', args: ['--name', 'Cero', '--applies-to', 'order', '--percent', '0', '--starts', '2030-12-01', '--ends', '2030-12-31'], code: INVALID, stderr: flag('percent') },
  { command: 'promotions:add', args: ['--name', 'Fecha', '--applies-to', 'order', '--percent', '10', '--starts', NOT_A_DATE, '--ends', '2030-12-31'], code: INVALID, stderr: flag('starts') },
  { command: 'promotions:add', args: ['--name', 'Revés', '--applies-to', 'order', '--percent', '10', '--starts', '2030-12-31', '--ends', '2030-12-01'], code: INVALID, stderr: /^error: --ends: / },
  { command: 'promotions:add', args: ['--name', 'Sin', '--applies-to', 'product', '--percent', '10', '--starts', '2030-12-01', '--ends', '2030-12-31', '--product', 'no-existe'], code: NOT_FOUND, stderr: notFound },
  { command: 'promotions:disable', args: ['abc'], code: INVALID, stderr: INVALID_ID },
  { command: 'promotions:disable', args: [UNKNOWN_ID], code: NOT_FOUND, stderr: notFound },
  { command: 'promotions:list', args: ['--bogus'], code: USAGE, stderr: unknownFlag },
  // reports
  { command: 'reports:daily', args: ['--date', NOT_A_DATE], code: INVALID, stderr: flag('date') },
  { command: 'reports:daily', args: ['--date', DROP], code: INVALID, stderr: flag('date') },
  { command: 'reports:daily', args: ['--fast', '--live'], code: USAGE, stderr: /^error: .*cannot also be provided/ },
  { command: 'reports:medicinal-status', args: ['--status', BOBBY], code: INVALID, stderr: flag('status') },
  { command: 'reports:refresh', args: ['extra'], code: USAGE, stderr: unexpectedArg },
  { command: 'reports:sales-by-day', args: ['--days', '0'], code: INVALID, stderr: flag('days') },
  { command: 'reports:sales-by-day', args: ['--days', HUGE], code: INVALID, stderr: flag('days') },
  { command: 'reports:sales-by-day', args: ['--since', '2026-13-01'], code: INVALID, stderr: flag('since') },
  { command: 'reports:sales-by-day', args: ['--since', '2026-03-01', '--until', '2026-02-01'], code: INVALID, stderr: /^error: --(since|until): / },
  { command: 'reports:stock-low', args: ['--threshold=-1'], code: INVALID, stderr: flag('threshold') },
  { command: 'reports:stock-low', args: ['--threshold', BEYOND_32], code: INVALID, stderr: flag('threshold') },
  { command: 'reports:top-products', args: ['--limit', '0'], code: INVALID, stderr: flag('limit') },
  { command: 'reports:top-products', args: ['--until', NOT_A_DATE], code: INVALID, stderr: flag('until') },
  // returns
  { command: 'returns:approve', args: ['abc'], code: INVALID, stderr: INVALID_ID },
  { command: 'returns:approve', args: [UNKNOWN_ID], code: NOT_FOUND, stderr: notFound },
  { command: 'returns:list', args: ['--order', 'abc'], code: INVALID, stderr: flag('order') },
  { command: 'returns:list', args: ['--status', 'bogus'], code: USAGE, stderr: /^error: Expected --status=bogus to be one of/ },
  { command: 'returns:receive', args: [HUGE], code: INVALID, stderr: INVALID_ID },
  { command: 'returns:receive', args: [UNKNOWN_ID, '--restock', '--warehouse', 'Bodega Central'], code: NOT_FOUND, stderr: notFound },
  { command: 'returns:reject', args: [UNKNOWN_ID, '--notes', BELL], code: INVALID, stderr: flag('notes') },
  { command: 'returns:reject', args: [UNKNOWN_ID], code: NOT_FOUND, stderr: notFound },
  { command: 'returns:request', args: ['{item}', '--quantity', '0', '--reason', 'roto'], code: INVALID, stderr: flag('quantity') },
  { command: 'returns:request', args: ['{item}', '--quantity', '1', '--reason', ''], code: INVALID, stderr: flag('reason') },
  { command: 'returns:request', args: [UNKNOWN_ID, '--quantity', '1', '--reason', 'roto'], code: NOT_FOUND, stderr: notFound },
  // reviews
  { command: 'reviews:hide', args: ['abc'], code: INVALID, stderr: INVALID_ID },
  { command: 'reviews:hide', args: [UNKNOWN_ID], code: NOT_FOUND, stderr: notFound },
  { command: 'reviews:list', args: ['--product', 'no-existe'], code: NOT_FOUND, stderr: notFound },
  { command: 'reviews:list', args: ['--hidden', '--visible'], code: USAGE, stderr: /^error: .*cannot also be provided/ },
  { command: 'reviews:show', args: ['0'], code: INVALID, stderr: INVALID_ID },
  { command: 'reviews:show', args: [UNKNOWN_ID], code: NOT_FOUND, stderr: notFound },
  // stock
  { command: 'stock:adjust', args: ['--sku', 'NL-AUTO-X1', '--delta', 'muchos', '--reason', 'x'], code: INVALID, stderr: flag('delta') },
  { command: 'stock:adjust', args: ['--sku', 'NL-AUTO-X1', '--delta', '0', '--reason', 'x'], code: INVALID, stderr: flag('delta') },
  { command: 'stock:adjust', args: ['--sku', 'NL-AUTO-X1', '--delta', HUGE, '--reason', 'x'], code: INVALID, stderr: flag('delta') },
  { command: 'stock:adjust', args: ['--sku', 'NL-AUTO-X1', '--delta=-1000', '--reason', 'merma'], code: RULE, stderr: /^error: .*stock|^error: .*(only|below|negative)/i },
  { command: 'stock:adjust', args: ['--sku', 'NO-EXISTE', '--delta', '1', '--reason', 'x'], code: NOT_FOUND, stderr: notFound },
  { command: 'stock:adjust', args: ['--sku', 'NL-AUTO-X1', '--warehouse', DROP, '--delta', '1', '--reason', 'x'], code: NOT_FOUND, stderr: notFound },
  { command: 'stock:list', args: ['--below=-1'], code: INVALID, stderr: flag('below') },
  { command: 'stock:list', args: ['--below', HUGE], code: INVALID, stderr: flag('below') },
  { command: 'stock:set', args: ['--sku', 'NL-AUTO-X1', '--quantity=-1', '--reason', 'conteo'], code: INVALID, stderr: flag('quantity') },
  { command: 'stock:set', args: ['--sku', 'NL-AUTO-X1', '--quantity', BEYOND_32, '--reason', 'conteo'], code: INVALID, stderr: flag('quantity') },
  { command: 'stock:set', args: ['--sku', 'NL-AUTO-X1', '--quantity', '3', '--reason', ''], code: INVALID, stderr: flag('reason') },
  { command: 'stock:transfer', args: ['--sku', 'NL-AUTO-X1', '--from', 'Bodega Central', '--to', 'Bodega Central', '--quantity', '1'], code: INVALID, stderr: /^error: --(to|from): / },
  { command: 'stock:transfer', args: ['--sku', 'NL-AUTO-X1', '--from', 'Bodega Central', '--to', 'Bodega Sur', '--quantity', '0'], code: INVALID, stderr: flag('quantity') },
  { command: 'stock:transfer', args: ['--sku', 'NL-AUTO-X1', '--from', 'Bodega Central', '--to', 'Bodega Sur', '--quantity', '100000'], code: RULE, stderr: /^error: / },
  { command: 'stock:transfer', args: ['--sku', 'NL-AUTO-X1', '--from', 'Bodega Central', '--to', 'No Existe', '--quantity', '1'], code: NOT_FOUND, stderr: notFound },
  // users
  { command: 'users:add', args: ['--name', 'Ana', '--email', 'ana@tienda.cl', '--rut', BAD_RUT], code: INVALID, stderr: flag('rut') },
  { command: 'users:add', args: ['--name', 'Ana', '--email', 'ana', '--rut', '11.111.111-1'], code: INVALID, stderr: flag('email') },
  { command: 'users:add', args: ['--name', 'Ana', '--email', 'ana@tienda.cl', '--rut', '11.111.111-1', '--birthdate', NOT_A_DATE], code: INVALID, stderr: flag('birthdate') },
  { command: 'users:add', args: ['--name', ESCAPE, '--email', 'ana@tienda.cl', '--rut', '11.111.111-1'], code: INVALID, stderr: flag('name') },
  { command: 'users:add', args: ['--name', 'Ana', '--email', `${DROP}@tienda.cl`, '--rut', '11.111.111-1'], code: INVALID, stderr: flag('email') },
  { command: 'users:add', args: ['--name', 'Ana', '--email', 'admin@store.test', '--rut', '11.111.111-1'], code: RULE, stderr: /^error: .*admin@store.test/ },
  { command: 'users:deactivate', args: [UNKNOWN_EMAIL], code: NOT_FOUND, stderr: notFound },
  { command: 'users:deactivate', args: [DROP], code: NOT_FOUND, stderr: /^error: no user "'; DROP TABLE users; --"/ },
  { command: 'users:list', args: ['--limit=-1'], code: INVALID, stderr: flag('limit') },
  { command: 'users:list', args: ['--search', LONG], code: INVALID, stderr: flag('search') },
  { command: 'users:profile', args: ['cliente@store.test', '--phone', 'llámame'], code: INVALID, stderr: flag('phone') },
  { command: 'users:profile', args: ['cliente@store.test', '--birthdate', NOT_A_DATE], code: INVALID, stderr: flag('birthdate') },
  { command: 'users:profile', args: ['cliente@store.test', '--comuna', 'Ñuñoa', '--region', 'Biobío'], code: INVALID, stderr: flag('comuna') },
  { command: 'users:profile', args: [UNKNOWN_EMAIL, '--phone', '+56 9 1111 2222'], code: NOT_FOUND, stderr: notFound },
  { command: 'users:show', args: [UNKNOWN_EMAIL], code: NOT_FOUND, stderr: notFound },
  { command: 'users:show', args: [BOBBY], code: NOT_FOUND, stderr: /^error: no user "Robert'\); --"/ },
  { command: 'users:update', args: ['cliente@store.test', '--rut', BAD_RUT], code: INVALID, stderr: flag('rut') },
  { command: 'users:update', args: ['cliente@store.test', '--email', 'no es correo'], code: INVALID, stderr: flag('email') },
  { command: 'users:update', args: [UNKNOWN_EMAIL, '--name', 'Otro'], code: NOT_FOUND, stderr: notFound },
  { command: 'users:update', args: ['cliente@store.test', '--rut', '11.111.111-K'], code: INVALID, stderr: flag('rut') },
  { command: 'users:add', args: ['--name', 'Ana', '--email', 'ana@tienda.cl', '--rut', `${HUGE}-9`], code: INVALID, stderr: flag('rut') },
  { command: 'users:add', args: ['--name', 'Ana', '--email', 'ana@tienda.cl', '--rut', DROP], code: INVALID, stderr: flag('rut') },
  // warehouses
  { command: 'warehouses:add', args: ['--name', ''], code: INVALID, stderr: flag('name') },
  { command: 'warehouses:add', args: ['--name', LONG], code: INVALID, stderr: flag('name') },
  { command: 'warehouses:add', args: ['--name', 'Bodega Central'], code: RULE, stderr: /^error: .*Bodega Central/ },
  { command: 'warehouses:list', args: ['--csv', '--json'], code: USAGE, stderr: /^error: .*cannot also be provided/ },
  // variants
  { command: 'variants:add', args: ['--product', 'semilla-northern-lights-auto', '--variant', 'x9:mil:1'], code: INVALID, stderr: /^error: --variant "[^"]*"( [A-Z_]+)?: / },
  { command: 'variants:add', args: ['--product', 'no-existe', '--variant', 'x9:1000:1'], code: NOT_FOUND, stderr: notFound },
  { command: 'variants:add', args: ['--product', 'semilla-northern-lights-auto', '--variant', 'x9:1000:1:NL-AUTO-X3'], code: RULE, stderr: /^error: .*NL-AUTO-X3/ },
  { command: 'variants:deactivate', args: ['NO-EXISTE'], code: NOT_FOUND, stderr: notFound },
  { command: 'variants:deactivate', args: [LONG], code: NOT_FOUND, stderr: /^error: no variant with SKU "x+… \(\d+ characters\)$/ },
  { command: 'variants:update', args: ['NL-AUTO-X1', '--price=-1'], code: INVALID, stderr: flag('price') },
  { command: 'variants:update', args: ['NL-AUTO-X1', '--price', HUGE], code: INVALID, stderr: flag('price') },
  { command: 'variants:update', args: ['NL-AUTO-X1', '--sku', 'CON ESPACIOS'], code: INVALID, stderr: flag('sku') },
  // a few of the above again as real processes: what bin/run.js does with them, not just the class
  { command: 'products:export', args: ['--output', '/dev/null/catalog.csv'], spawn: {}, code: INVALID, stderr: flag('output') },
  { ...importJson('[{"slug": "semilla-json", "variants": [', INVALID, FILE_REFUSED), spawn: {} },
  { command: 'stock:set', args: ['--sku', 'NL-AUTO-X1', '--quantity', BEYOND_32, '--reason', 'conteo'], spawn: {}, code: INVALID, stderr: flag('quantity') },
  { command: 'products:list', args: ['--limit', 'diez'], spawn: {}, code: INVALID, stderr: /^error: --limit: expected an integer/ },
  // a second case for the commands with few flags
  { command: 'auth:logout', args: ['--bogus'], code: USAGE, stderr: unknownFlag },
  { command: 'categories:list', args: ['--bogus'], code: USAGE, stderr: unknownFlag },
  { command: 'coupons:list', args: ['--active', 'extra'], code: USAGE, stderr: unexpectedArg },
  { command: 'db:migrate', args: [], spawn: { env: { PGCONNECT_TIMEOUT: 'pronto' } }, code: INVALID, stderr: /^error: environment variable PGCONNECT_TIMEOUT: / },
  { command: 'reports:daily', args: [], spawn: { env: { STORE_PREPARED_STATEMENTS: 'maybe' } }, code: INVALID, stderr: /^error: environment variable STORE_PREPARED_STATEMENTS: must be on or off$/ },
  { command: 'db:seed', args: ['extra'], spawn: {}, code: USAGE, stderr: unexpectedArg },
  { command: 'db:start', args: ['--bogus'], spawn: {}, code: USAGE, stderr: unknownFlag },
  { command: 'db:status', args: ['--bogus'], spawn: {}, code: USAGE, stderr: unknownFlag },
  { command: 'promotions:list', args: ['--csv', '--json'], code: USAGE, stderr: /^error: .*cannot also be provided/ },
  { command: 'reports:medicinal-status', args: ['--fast', '--live'], code: USAGE, stderr: /^error: .*cannot also be provided/ },
  { command: 'reports:refresh', args: [], spawn: { env: { STORE_REPORTS_FAST_ROWS: '-1' } }, code: INVALID, stderr: /^error: environment variable STORE_REPORTS_FAST_ROWS: / },
  { command: 'warehouses:list', args: ['extra'], code: USAGE, stderr: unexpectedArg },
  // raw bytes in argv, as a shell passes them: invalid UTF-8 and control characters
  { command: 'categories:add', args: [], spawn: { shellArgs: `--name "$(printf 'Semillas \\377\\376')"` }, code: INVALID, stderr: flag('name') },
  { command: 'warehouses:add', args: [], spawn: { shellArgs: `--name "$(printf 'Bodega \\033[2J')"` }, code: INVALID, stderr: flag('name') },
  { command: 'users:add', args: [], spawn: { shellArgs: `--name "$(printf '\\300\\257')" --email ana@tienda.cl --rut 11.111.111-1` }, code: INVALID, stderr: flag('name') },
  { command: 'products:list', args: [], spawn: { shellArgs: `--search "$(printf '\\355\\240\\200')"` }, code: INVALID, stderr: flag('search') },
];

/**
 * A refused file: each bad row on a line of its own (`row N, column: reason`, as the import
 * promises), then the one error line; the exit code; no stack trace.
 */
function expectFileRefused(result: CliResult, code: number, pattern: RegExp): void {
  expect(result.code, result.stderr).to.equal(code);
  const lines = result.stderr.trim().split('\n');
  expect(lines.at(-1)).to.match(pattern);
  for (const line of lines.slice(0, -1)) expect(line).to.match(/^row \d+, [a-z_()]+( \(.*\))?: \S/);
  expect(result.stderr).to.not.match(/\n\s+at /);
}

/**
 * The first in-process case of each command runs again with --json (all of them would double
 * the run time; the error document comes from the one base command). STORE_BAD_INPUT_JSON=0 skips it.
 */
const JSON_DOCUMENTS = process.env.STORE_BAD_INPUT_JSON !== '0';
/** Commands whose output is the data itself, so they have no --json. */
const NO_JSON_FLAG = ['products:export'];

/** Commands whose cases may write (anything but a list, a show or a report): checksummed one by one. */
const READS = /:(list|show|export|whoami|status|erd)$|^reports:(?!refresh)/;

function commandClass(id: string): { run(argv: string[], config: Config): Promise<unknown> } & typeof import('@oclif/core').Command {
  const file = path.join(ROOT, 'src', 'commands', ...id.split(':'));
  const loaded = require(file).default;
  loaded.id = id; // loaded from the sources, not the manifest
  return loaded;
}

function spawnCase(bad: BadInput, env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const quoted = bad.args.map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
    const script = `exec "$0" "$1" ${bad.command} ${quoted} ${bad.spawn?.shellArgs ?? ''}`;
    const child = spawn('/bin/sh', ['-c', script, process.execPath, BIN], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, STORE_CONFIG_DIR: freshConfigDir(), ...env, ...bad.spawn?.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(bad.spawn?.stdin ?? '');
  });
}

/** Runs promises `width` at a time. */
async function pool<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]);
      }
    }),
  );
  return results;
}

const label = (bad: BadInput) => `${bad.command} ${[...bad.args, bad.spawn?.shellArgs ?? ''].join(' ').slice(0, 120)}`;

describe('bad input: every command refuses malformed input cleanly and writes nothing', function () {
  this.timeout(10 * 60_000);
  let db: TestDatabase;
  let admin: TestUser;
  let config: Config;
  let scratch: string;
  let ids: Record<string, string>;
  const savedEnv = { DATABASE_URL: process.env.DATABASE_URL, STORE_TOKEN: process.env.STORE_TOKEN, STORE_CONFIG_DIR: process.env.STORE_CONFIG_DIR, DEBUG: process.env.DEBUG };

  before(async () => {
    db = await freshDatabase();
    await seedDatabase(await db.sequelize(), {});
    await db.query(`INSERT INTO warehouses (name) VALUES ('Bodega Sur')`);
    admin = await buildUser(db, { role: 'admin' });
    const [row] = await db.query<{ doc: string; ord: string; item: string }>(
      `SELECT (SELECT min(id) FROM medicinal_documents)::text AS doc, (SELECT min(id) FROM orders)::text AS ord, (SELECT min(id) FROM order_items)::text AS item`,
    );
    ids = { '{doc}': row.doc, '{order}': row.ord, '{item}': row.item };
    config = await Config.load(ROOT);
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'store-bad-input-'));
  });

  after(async () => {
    restoreEnv(savedEnv);
    fs.rmSync(scratch, { recursive: true, force: true });
    await db.close();
  });

  it('has cases for every command of the manifest', () => {
    const covered = new Set(CORPUS.map((bad) => bad.command));
    const missing = Object.keys(manifest.commands).filter((id) => !covered.has(id));
    expect(missing, 'commands with no bad-input case').to.deep.equal([]);
    const few = [...covered].filter((id) => CORPUS.filter((bad) => bad.command === id).length < 2);
    expect(few, 'commands with fewer than two cases').to.deep.equal([]);
    const unknown = [...covered].filter((id) => !(id in manifest.commands));
    expect(unknown, 'cases for commands that do not exist').to.deep.equal([]);
  });

  function prepare(bad: BadInput, index: number): string[] {
    return bad.args.map((arg) => {
      if (arg === '{file}') {
        const dir = path.join(scratch, String(index));
        fs.mkdirSync(dir, { recursive: true });
        const file = path.join(dir, bad.file!.name);
        fs.writeFileSync(file, bad.file!.content);
        return file;
      }
      return ids[arg] ?? arg;
    });
  }

  it('random hostile names: either stored exactly as typed (trimmed) or refused as invalid input, never a crash', async () => {
    // A fixed seed: a failure names the string, and the next run meets the same strings.
    let seed = 0x5eed;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const PIECES = [DROP, BOBBY, ':id', '$1', '?', '%', '_', '\\', '"', "'", '`', ';', '--', '/*', 'ñ', 'Ñuñoa', '😀', '\u200b', '\u0007', '\u001b[2J', '\uFFFD', ' ', '\t', 'x'.repeat(300)];
    const name = () => Array.from({ length: 1 + Math.floor(random() * 5) }, () => PIECES[Math.floor(random() * PIECES.length)]).join('');
    const trials = scaled(16);
    const failures: string[] = [];
    let accepted = 0;
    process.env.DATABASE_URL = db.url;
    process.env.STORE_TOKEN = admin.token;
    process.env.STORE_CONFIG_DIR = freshConfigDir();
    try {
      for (let i = 0; i < trials; i++) {
        for (const command of ['categories:add', 'warehouses:add']) {
          const typed = `${name()} ${i}`;
          const run = await runInProcess<{ name: string }>(commandClass(command), ['--name', typed, '--json'], config);
          const code = run.error?.oclif?.exit ?? (run.error ? 1 : 0);
          const stored = code === 0 ? (await db.query<{ name: string }>(`SELECT name FROM ${command === 'categories:add' ? 'categories' : 'warehouses'} WHERE id = $1`, [(JSON.parse(run.stdout) as { id: number }).id]))[0]?.name : undefined;
          const ok = code === 0 ? stored === typed.trim() : code === INVALID && run.stderr.trim().split('\n').length === 1 && /^error: --name: /.test(run.stderr);
          if (code === 0) accepted++;
          if (!ok) failures.push(`${command} --name ${JSON.stringify(typed).slice(0, 200)} → exit ${code}, stored ${JSON.stringify(stored)?.slice(0, 100)}: ${run.stderr.slice(0, 200)}`);
        }
      }
    } finally {
      restoreEnv(savedEnv);
    }
    recordFigure({ section: 'bad-input', name: 'random hostile names (categories:add, warehouses:add): stored verbatim or refused', trials: trials * 2, violations: failures.length, notes: `${accepted} stored, ${trials * 2 - accepted} refused` });
    expect(failures, `\n${failures.join('\n')}\n`).to.deep.equal([]);
    expect(accepted, 'both outcomes occur').to.be.within(1, trials * 2 - 1);
  });

  it(`refuses each of the ${CORPUS.length} cases: one line, its exit code, no stack, nothing written`, async () => {
    const failures: string[] = [];
    const check = (bad: BadInput, result: CliResult) => {
      try {
        if (bad.file) expectFileRefused(result, bad.code, bad.stderr);
        else expectRefused(result, bad.code, bad.stderr);
        expect(Math.max(...result.stderr.split('\n').map((line) => line.length)), 'a line too long to read').to.be.at.most(500);
        expect(result.stderr, 'a database error leaked').to.not.match(/Sequelize|SQLSTATE|syntax error at or near|violates .* constraint/);
      } catch (error) {
        failures.push(`${label(bad)}\n    → exit ${result.code}: ${result.stderr.trim().slice(0, 400)}\n    ${(error as Error).message.split('\n')[0].slice(0, 200)}`);
      }
    };
    const started = Date.now();
    const initial = await databaseChecksum(db);
    let current = initial;

    // In this process, one at a time (process.env carries the database and the login).
    process.env.DATABASE_URL = db.url;
    process.env.STORE_TOKEN = admin.token;
    process.env.STORE_CONFIG_DIR = freshConfigDir();
    delete process.env.DEBUG;
    const inProcess = CORPUS.map((bad, index) => ({ bad, index })).filter(({ bad }) => !bad.spawn);
    const jsonChecked = new Set<string>();
    for (const { bad, index } of inProcess) {
      const run = await runInProcess(commandClass(bad.command), prepare(bad, index), config);
      const error = run.error;
      const code = error === undefined ? 0 : error instanceof Errors.ExitError || error.oclif?.exit !== undefined ? (error.oclif?.exit ?? 1) : 1;
      const stderr = error && code === 1 && !run.stderr ? `${error.stack}\n` : run.stderr;
      check(bad, { code, stdout: run.stdout, stderr });
      if (JSON_DOCUMENTS && !jsonChecked.has(bad.command) && !NO_JSON_FLAG.includes(bad.command) && !bad.args.includes('--json')) {
        jsonChecked.add(bad.command);
        // The same refusal under --json: one error document on stdout, the same exit code.
        const json = await runInProcess(commandClass(bad.command), [...prepare(bad, index), '--json'], config);
        const jsonCode = json.error?.oclif?.exit ?? (json.error ? 1 : 0);
        try {
          expect(jsonCode, json.stderr).to.equal(bad.code);
          const body = JSON.parse(json.stdout) as { error: { code: string; message: string; exitCode: number } };
          expect(body.error.exitCode).to.equal(bad.code);
          const errorLine = stderr.trim().split('\n').at(-1) ?? '';
          expect(errorLine.startsWith(`error: ${body.error.message}`.replace(/\r?\n/g, ' ').slice(0, 200)), `${body.error.message.slice(0, 200)} / ${errorLine.slice(0, 200)}`).to.equal(true);
        } catch (error) {
          failures.push(`${label(bad)} --json\n    → exit ${jsonCode}: ${json.stdout.slice(0, 300)}\n    ${(error as Error).message.split('\n')[0].slice(0, 200)}`);
        }
      }
      if (!READS.test(bad.command)) {
        const after = await databaseChecksum(db);
        const changed = Object.keys(after).filter((table) => after[table] !== current[table]);
        if (changed.length > 0) failures.push(`${label(bad)}\n    → wrote to ${changed.join(', ')}`);
        current = after;
      }
    }
    restoreEnv(savedEnv);
    const inProcessMs = Date.now() - started;

    // As real processes, four at a time; the database checksummed after the batch.
    const spawned = CORPUS.map((bad, index) => ({ bad, index })).filter(({ bad }) => bad.spawn);
    const results = await pool(spawned, 4, async ({ bad, index }) => spawnCase({ ...bad, args: prepare(bad, index) }, { DATABASE_URL: db.url, STORE_TOKEN: admin.token }));
    spawned.forEach(({ bad }, i) => check(bad, results[i]));

    const final = await databaseChecksum(db);
    const changed = Object.keys(final).filter((table) => final[table] !== initial[table]);
    if (changed.length > 0) failures.push(`the corpus as a whole wrote to ${changed.join(', ')}`);

    recordFigure({ section: 'bad-input', name: `malformed flags, arguments and files for all ${Object.keys(manifest.commands).length} commands`, cases: CORPUS.length, violations: failures.length, notes: `${inProcess.length} in process (${jsonChecked.size} also with --json), ${spawned.length} as processes; ${Math.round(inProcessMs / 1000)} s + ${Math.round((Date.now() - started - inProcessMs) / 1000)} s` });
    expect(failures, `\n${failures.join('\n')}\n`).to.deep.equal([]);
  });
});
