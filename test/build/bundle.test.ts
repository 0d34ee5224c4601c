/**
 * The built command line: dist/store.bundle.js and its code cache (scripts/bundle.js), loaded by
 * bin/run.js through bin/load-bundle.js. Runs on the build `npm test` makes first (pretest).
 */
import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS } from '../../src/cli';
import { BUNDLE, BUNDLE_MODULES, BUNDLES, DIST, cacheOf, runCli, runRecorded, storeDistModules } from '../helpers/cli';

const ROOT = path.join(__dirname, '..', '..');

/** oclif's id of every command file: src/commands/a/b.ts is a:b, and a/index.ts is a. */
function commandIdsOnDisk(dir = path.join(ROOT, 'src', 'commands'), prefix: string[] = []): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return commandIdsOnDisk(path.join(dir, entry.name), [...prefix, entry.name]);
    const name = entry.name.replace(/\.ts$/, '');
    return [(name === 'index' ? prefix : [...prefix, name]).join(':')];
  });
}

/** Runs a script in a fresh node from the package root; returns its stdout. NODE_OPTIONS goes
 * through: V8 flags in it (--max-old-space-size…) were in force when the build made the cache. */
function node(script: string): string {
  const env = { PATH: process.env.PATH, ...(process.env.NODE_OPTIONS ? { NODE_OPTIONS: process.env.NODE_OPTIONS } : {}) };
  return execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', env });
}
const cacheAccepted = () => node("console.log(require('./bin/load-bundle').loadBundle().cacheAccepted)").trim();

describe('the built command line (dist/store.bundle.js)', () => {
  it('the command table of src/cli.ts names every file under src/commands, each as the class in it', () => {
    expect(Object.keys(COMMANDS).sort()).to.deep.equal(commandIdsOnDisk().sort());
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'oclif.manifest.json'), 'utf8')).commands).sort()).to.deep.equal(commandIdsOnDisk().sort());
    const wrong = Object.keys(COMMANDS).filter((id) => {
      const file = path.join(ROOT, 'src', 'commands', ...id.split(':'));
      const module = require(fs.existsSync(`${file}.ts`) ? file : path.join(file, 'index')) as { default: unknown };
      return COMMANDS[id] !== module.default || typeof COMMANDS[id].summary !== 'string';
    });
    expect(wrong, 'ids whose entry is not the class of their own file').to.deep.equal([]);
    expect(COMMANDS['reports:sales-by-day'].name).to.equal('ReportsSalesByDay');
  });

  it('command ids sort the same by code unit as by localeCompare (the bundle sorts oclif\'s list by code unit)', () => {
    const ids = commandIdsOnDisk();
    expect(ids.every((id) => /^[a-z][a-z:-]*$/.test(id)), ids.join(' ')).to.equal(true);
    expect([...ids].sort()).to.deep.equal([...ids].sort((a, b) => a.localeCompare(b)));
  });

  it('V8 takes the code caches the build made, and the bundles export the command table and the three ORM packages', () => {
    expect(fs.readFileSync(cacheOf('store')).subarray(0, 18).toString()).to.equal('store code cache: ');
    const out = JSON.parse(
      node(`const { loadBundle } = require('./bin/load-bundle');
        const store = loadBundle();
        const orm = loadBundle('orm');
        console.log(JSON.stringify({
          accepted: [store.cacheAccepted, orm.cacheAccepted],
          ids: Object.keys(store.exports.COMMANDS).sort(),
          orm: Object.keys(orm.exports),
          sequelize: typeof orm.exports.sequelize.Sequelize,
          again: loadBundle('orm') === orm,
        }));`),
    );
    expect(out).to.deep.equal({ accepted: [true, true], ids: Object.keys(COMMANDS).sort(), orm: ['sequelize', 'sequelize-typescript', 'umzug'], sequelize: 'function', again: true });
  });

  it('a command on the models loads sequelize from the orm bundle, not from node_modules', async () => {
    const result = await runRecorded(['products:list'], { DATABASE_URL: 'postgres://store:secret@127.0.0.1:1/store' });
    expect(result.code, result.stderr).to.equal(7);
    expect(storeDistModules(result.modules)).to.deep.equal([...BUNDLE_MODULES, BUNDLES.orm.file, path.join(DIST, 'orm', 'sequelize.js'), path.join(DIST, 'orm', 'sequelize-typescript.js')].sort());
    expect(result.modules.filter((file) => /[\\/]node_modules[\\/](sequelize|sequelize-typescript|umzug|pg|zod|@oclif)[\\/]/.test(file))).to.deep.equal([]);
  });

  it('a cache that is not this bundle\'s, or not V8\'s, only costs time: the bundle compiles as usual and runs', async () => {
    const cache = cacheOf('store');
    const saved = fs.readFileSync(cache);
    // As numbers of seconds: a Date would round the mtime to the millisecond, and the cache
    // names the bundle's mtime to the millisecond.
    const { atimeMs, mtimeMs } = fs.statSync(BUNDLE);
    const [atime, mtime] = [atimeMs / 1000, mtimeMs / 1000];
    const helpRuns = async () => {
      const help = await runCli(['reports', '--help']);
      expect(help.code, help.stderr).to.equal(0);
      expect(help.stdout).to.match(/reports:sales-by-day/);
    };
    try {
      // The bundle touched after the build (an edit by hand keeps the length V8 checks).
      fs.utimesSync(BUNDLE, atime, mtime + 1);
      expect(cacheAccepted(), 'a cache made from the bundle before it changed').to.equal('false');
      await helpRuns();
      fs.utimesSync(BUNDLE, atime, mtime);
      expect(cacheAccepted(), 'the same bundle again').to.equal('true');
      // The right header, then bytes V8 rejects.
      fs.writeFileSync(cache, Buffer.concat([saved.subarray(0, saved.indexOf(0x0a) + 1), Buffer.from('not a V8 code cache')]));
      expect(cacheAccepted(), 'bytes that are not a code cache').to.equal('false');
      await helpRuns();
      fs.rmSync(cache);
      expect(cacheAccepted(), 'no cache').to.equal('false');
      await helpRuns();
    } finally {
      fs.writeFileSync(cache, saved);
      fs.utimesSync(BUNDLE, atime, mtime);
    }
  });

  it('leaves out the module with the dynamic import (src/db/esm.ts), the prompts and zod\'s locales; carries its patches of pg, oclif and zod', () => {
    const bundle = fs.readFileSync(BUNDLE, 'utf8');
    expect(bundle).to.include('require("./db/esm.js")');
    expect(bundle).not.to.include('return import(specifier)');
    expect(fs.existsSync(path.join(ROOT, 'dist', 'db', 'esm.js'))).to.equal(true);
    // The prompts load from node_modules, as a direct dependency found from dist/.
    expect(bundle).to.include('require("@inquirer/prompts")');
    expect(bundle).not.to.match(/\/\/ node_modules\/(@inquirer|iconv-lite|chardet)\//);
    expect(require.resolve('@inquirer/prompts', { paths: [DIST] })).to.equal(require.resolve('@inquirer/prompts'));
    // pg: Node's stream branch; its password hashing is src/db/pg-crypto.ts (test/db/pg-crypto.test.ts).
    expect(bundle).not.to.include('isCloudflareRuntime()');
    expect(bundle).to.include('// dist/db/pg-crypto.js\n');
    expect(bundle).not.to.include('// node_modules/pg/lib/crypto/utils.js\n');
    expect(bundle).not.to.include('subtleCrypto');
    // oclif: sorts without ICU, globs only when asked, checks no engines, knows its version, loads its config once.
    expect(bundle).not.to.include('a.id.localeCompare(b.id)');
    expect(bundle).to.include('.sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0)');
    expect(bundle).to.match(/var tinyglobby_1 = \{ get glob\(\) \{\s+return require_\w+\(\)\.glob;/);
    expect(bundle).not.to.match(/^\s*checkNodeVersion\(\);$/m);
    expect(bundle).to.match(/if \(opts instanceof _Config && opts\._base === BASE\)\s+return opts;\s+if \(isConfig\(opts\)\) \{/);
    expect(bundle).to.include(`version: ${JSON.stringify((require('@oclif/core/package.json') as { version: string }).version)} }`);
    // zod: its default English only; the other locales load from node_modules if z.locales is read.
    expect([...bundle.matchAll(/^\/\/ node_modules\/zod\/v4\/locales\/(.+)$/gm)].map((match) => match[1])).to.deep.equal(['en.cjs']);
    expect(bundle.split('get: () => locales ??= __importStar(require("zod/v4/locales"))').length).to.equal(3);
    // ...and its JSON-schema importer lazy: zod's freezing pass skips a getter that is not configurable.
    expect(bundle).to.match(/var from_json_schema_js_1 = \{ get fromJSONSchema\(\) \{\s+return require_\w+\(\)\.fromJSONSchema;/);
    expect(bundle).to.include('Object.defineProperty(exports2, "fromJSONSchema", { enumerable: true, configurable: false, get:');
  });

  it("zod with the bundle's patches: z.locales loads the locales from node_modules when read, not before; fromJSONSchema works", async () => {
    // The same patches on zod alone, bundled next to the store bundle (so that node_modules is
    // found as from dist/), run in a process of its own.
    const esbuild = require('esbuild') as typeof import('esbuild');
    const { COMMON, EXTERNAL, patchDependencies } = require('../../scripts/bundle.js') as { COMMON: object; EXTERNAL: string[]; patchDependencies: import('esbuild').Plugin };
    const file = path.join(DIST, `zod-check-${process.pid}.js`);
    try {
      await esbuild.build({ ...COMMON, stdin: { contents: "module.exports = require('zod');\n", resolveDir: ROOT, loader: 'js' }, outfile: file, external: EXTERNAL, plugins: [patchDependencies] });
      const check = `
        const fromZod = () => Object.keys(require.cache).filter((f) => /[\\\\/]node_modules[\\\\/]zod[\\\\/]/.test(f)).length;
        const { z } = require(${JSON.stringify(file)});
        const atLoad = fromZod();
        const spanish = typeof z.locales.es;
        const same = z.locales === z.locales && z.locales === z.core.locales;
        const afterRead = fromZod();
        const parsed = z.fromJSONSchema({ type: 'string', minLength: 2 }).safeParse('x').success;
        console.log(JSON.stringify({ atLoad, spanish, same, afterRead: afterRead > 40, parsed }));`;
      expect(JSON.parse(node(check))).to.deep.equal({ atLoad: 0, spanish: 'function', same: true, afterRead: true, parsed: false });
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('is ASCII (read as a one-byte string), with the text it escaped unchanged in meaning; dependencies keep their sloppy mode', () => {
    const bytes = fs.readFileSync(BUNDLE);
    // esbuild would put the entry's "use strict" first, making every bundled module strict.
    expect(bytes.subarray(0, 200).toString()).not.to.include('use strict');
    expect(bytes.every((byte) => byte < 0x80)).to.equal(true);
    // The slug's ñ (a regular expression, which esbuild does not escape) still reads as ñ.
    expect(bytes.toString('latin1')).to.include('.replace(/\\u00f1/g, "n")');
  });

  it('runs from the bundle under NODE_ENV=development too: one oclif, one line on stderr', async () => {
    const result = await runRecorded(['reports:sales-by-day'], { NODE_ENV: 'development', DATABASE_URL: 'postgres://store:secret@127.0.0.1:1/store' });
    expect(result.code).to.equal(7);
    expect(result.stderr).to.equal('error: cannot use the database (postgres://store:***@127.0.0.1:1/store): connect ECONNREFUSED 127.0.0.1:1\n');
    expect(storeDistModules(result.modules)).to.deep.equal(BUNDLE_MODULES);
    expect(result.modules.filter((file) => file.startsWith(path.join(ROOT, 'src') + path.sep) || file.includes(`${path.sep}@oclif${path.sep}`))).to.deep.equal([]);
  });

  it('a command that is not built says so in one line', () => {
    const out = node(`
      const fs = require('node:fs');
      const { loadBundle, BUNDLE } = require('./bin/load-bundle');
      fs.renameSync(BUNDLE, BUNDLE + '.away');
      try { loadBundle(); } catch (error) { console.log(error.message); } finally { fs.renameSync(BUNDLE + '.away', BUNDLE); }
    `);
    expect(out.trim()).to.equal(`${BUNDLE} is missing: run npm run build (npm ci runs it)`);
  });
});
