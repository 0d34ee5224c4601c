'use strict';
/**
 * Loads dist/store.bundle.js, the whole command line in one file (made by scripts/bundle.js),
 * and dist/orm.bundle.js when a command needs the models, each with the V8 code cache made
 * beside it at build time.
 *
 * Why: a command's start-up was mostly Node finding, reading and compiling some 400 files
 * (@oclif/core, zod, pg and the store's own) before any of its work began. One file removes the
 * finding and reading; the code cache removes most of the compiling, because V8 takes the
 * functions it compiled at build time instead of parsing them again. Node 22 has this built in
 * (module.enableCompileCache); Node 20, which package.json still supports, has only the vm API
 * used here. docs/benchmarks.md ("Start-up") has the figures.
 *
 * A cache that V8 rejects (another Node version, V8 flags such as --max-old-space-size in
 * NODE_OPTIONS) costs nothing but the time it saves: the bundle is compiled as usual. V8 checks
 * a cache against the length of the source only, so the cache also names the size and mtime of
 * the bundle it was made from, and is not used for any other (as Python does with .pyc files):
 * a bundle edited by hand or rebuilt without its cache runs as written. Code in the bundle
 * cannot call import() (see src/db/esm.ts, which the bundle leaves out for that reason).
 */
const { Buffer, isAscii } = require('node:buffer');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire } = require('node:module');
const Module = require('node:module');

const DIST = path.join(__dirname, '..', 'dist');

/**
 * The two bundles. `store`: the command line (src/cli.ts and what it requires), also registered
 * under the name of the module it was made from, dist/cli.js, which oclif requires
 * (package.json, oclif.commands), so that oclif gets this one instead of loading the unbundled
 * dist/ a second time. `orm`: sequelize, sequelize-typescript and umzug, which only the
 * commands on the models need; the store bundle requires them through small files in dist/orm/
 * that load this bundle on first use, so that a report reads and compiles none of it.
 */
const BUNDLES = {
  store: { file: path.join(DIST, 'store.bundle.js'), aliases: [path.join(DIST, 'cli.js')] },
  orm: { file: path.join(DIST, 'orm.bundle.js'), aliases: [] },
};
const BUNDLE = BUNDLES.store.file;
const cacheOf = (name) => `${BUNDLES[name].file}.cache`;

/** Bundles this process has run: name → { exports, script, cacheAccepted }. */
const loaded = new Map();

/**
 * Runs a bundle (once per process) as a CommonJS module and returns its exports, the compiled
 * script (to make a cache from) and whether V8 took the cache. With `cache: false` the cache is
 * not read.
 */
function loadBundle(name = 'store', { cache = true } = {}) {
  if (loaded.has(name)) return loaded.get(name);
  const { file, aliases } = BUNDLES[name];
  let bytes;
  let stat;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      stat = fs.fstatSync(fd);
      bytes = fs.readFileSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    if (error.code === 'ENOENT') throw new Error(`${file} is missing: run npm run build (npm ci runs it)`, { cause: error });
    throw error;
  }
  // The build makes the bundle ASCII (scripts/bundle.js), which decodes ten times faster as a
  // one-byte string; anything else is read as UTF-8.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const cachedData = cache ? readCache(name, stat) : undefined;
  // Node's own CommonJS wrapper, on the same line as the code so line numbers stay right.
  const wrapper = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
  const script = new vm.Script(wrapper, { filename: file, cachedData });
  const bundle = new Module(file, module);
  bundle.filename = file;
  for (const id of [file, ...aliases]) require.cache[id] = bundle;
  script.runInThisContext().call(bundle.exports, bundle.exports, createRequire(file), bundle, file, DIST);
  bundle.loaded = true;
  const result = { exports: bundle.exports, script, cacheAccepted: cachedData !== undefined && !script.cachedDataRejected };
  loaded.set(name, result);
  return result;
}

/** The first line of the cache file: which bundle it was made from. */
function cacheHeader(stat) {
  return `store code cache: ${stat.size} bytes, mtime ${Math.floor(stat.mtimeMs)} ms\n`;
}

/** The cache made from this very bundle (by size and mtime), or undefined. */
function readCache(name, stat) {
  let file;
  try {
    file = fs.readFileSync(cacheOf(name));
  } catch {
    return undefined; // no cache (a build without it): compile as usual
  }
  const header = Buffer.from(cacheHeader(stat));
  return file.subarray(0, header.length).equals(header) ? file.subarray(header.length) : undefined;
}

/** Writes the code cache of a bundle this process ran (scripts/bundle.js, at build time). */
function writeCache(name) {
  const { script } = loaded.get(name);
  fs.writeFileSync(cacheOf(name), Buffer.concat([Buffer.from(cacheHeader(fs.statSync(BUNDLES[name].file))), script.createCachedData()]));
}

module.exports = { loadBundle, writeCache, BUNDLES, BUNDLE, cacheOf };
