'use strict';
/**
 * Writes the code cache of one bundle (`node scripts/warm-cache.js <store|orm> <command…>`), after
 * loading every module it holds and then running the command, in this process of its own, on a
 * database that is not there. Run by scripts/bundle.js, which says why.
 */
const { loadBundle, writeCache, BUNDLES } = require('../bin/load-bundle');

const [name, ...args] = process.argv.slice(2);
if (!(name in BUNDLES) || args.length === 0) throw new Error('usage: node scripts/warm-cache.js <store|orm> <command…>');
const { exports: cli } = loadBundle('store', { cache: name !== 'store' });
for (const id of Object.keys(cli.COMMANDS)) void cli.COMMANDS[id];
if (name === 'orm') {
  const { exports: orm } = loadBundle('orm', { cache: false });
  for (const pkg of Object.keys(orm)) void orm[pkg];
}
// The command ends the process (oclif exits with the command's code); the cache is written then.
process.on('exit', () => writeCache(name));
process.argv = [process.argv[0], require.resolve('../bin/run.js'), ...args];
cli.run(require('node:path').join(__dirname, '..', 'bin'));
