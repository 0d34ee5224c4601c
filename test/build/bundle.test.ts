/**
 * The built command line: dist/store.bundle.js and its code cache (scripts/bundle.js), loaded by
 * bin/run.js through bin/load-bundle.js. Runs on the build `npm test` makes first (pretest).
 */
import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS } from '../../src/cli';
import { BUNDLE, runCli } from '../helpers/cli';

const ROOT = path.join(__dirname, '..', '..');

/** oclif's id of every command file: src/commands/a/b.ts is a:b, and a/index.ts is a. */
function commandIdsOnDisk(dir = path.join(ROOT, 'src', 'commands'), prefix: string[] = []): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return commandIdsOnDisk(path.join(dir, entry.name), [...prefix, entry.name]);
    const name = entry.name.replace(/\.ts$/, '');
    return [(name === 'index' ? prefix : [...prefix, name]).join(':')];
  });
}

/** Runs a script in a fresh node from the package root; returns its stdout. */
function node(script: string): string {
  return execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH } });
}

describe('the built command line (dist/store.bundle.js)', () => {
  it('the command table of src/cli.ts names every file under src/commands, each as the class in it', () => {
    expect(Object.keys(COMMANDS).sort()).to.deep.equal(commandIdsOnDisk().sort());
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'oclif.manifest.json'), 'utf8')).commands).sort()).to.deep.equal(commandIdsOnDisk().sort());
    const sample = COMMANDS['reports:sales-by-day'];
    expect(sample.name).to.equal('ReportsSalesByDay');
    expect(sample.summary).to.be.a('string').and.not.equal('');
  });

  it('command ids sort the same by code unit as by localeCompare (the bundle sorts oclif\'s list by code unit)', () => {
    const ids = commandIdsOnDisk();
    expect(ids.every((id) => /^[a-z][a-z:-]*$/.test(id)), ids.join(' ')).to.equal(true);
    expect([...ids].sort()).to.deep.equal([...ids].sort((a, b) => a.localeCompare(b)));
  });

  it('V8 takes the code cache the build made, and the bundle exports the same command table', () => {
    const out = JSON.parse(node("const r = require('./bin/load-bundle').loadBundle(); console.log(JSON.stringify({ accepted: r.cacheAccepted, ids: Object.keys(r.exports.COMMANDS).sort() }))"));
    expect(out).to.deep.equal({ accepted: true, ids: Object.keys(COMMANDS).sort() });
  });

  it('a cache V8 rejects only costs time: the bundle compiles as usual and runs', async () => {
    const cache = `${BUNDLE}.cache`;
    const saved = fs.readFileSync(cache);
    try {
      fs.writeFileSync(cache, Buffer.from('not a V8 code cache'));
      expect(node("console.log(require('./bin/load-bundle').loadBundle().cacheAccepted)").trim()).to.equal('false');
      const help = await runCli(['reports', '--help']);
      expect(help.code, help.stderr).to.equal(0);
      expect(help.stdout).to.match(/reports:sales-by-day/);
      fs.rmSync(cache);
      expect(node("console.log(require('./bin/load-bundle').loadBundle().cacheAccepted)").trim()).to.equal('false');
    } finally {
      fs.writeFileSync(cache, saved);
    }
  });

  it('leaves out the module with the dynamic import (src/db/esm.ts); takes pg\'s Node branch; oclif sorts without ICU', () => {
    const bundle = fs.readFileSync(BUNDLE, 'utf8');
    expect(bundle).to.include('require("./db/esm.js")');
    expect(bundle).not.to.include('return import(specifier)');
    expect(bundle).not.to.include('isCloudflareRuntime()');
    expect(bundle).not.to.include('a.id.localeCompare(b.id)');
    expect(bundle).to.include('.sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0)');
    expect(fs.existsSync(path.join(ROOT, 'dist', 'db', 'esm.js'))).to.equal(true);
  });

  it('is ASCII (read as a one-byte string), with the text it escaped unchanged in meaning', () => {
    const bytes = fs.readFileSync(BUNDLE);
    expect(bytes.every((byte) => byte < 0x80)).to.equal(true);
    // The slug's ñ (a regular expression, which esbuild does not escape) still reads as ñ.
    expect(bytes.toString('latin1')).to.include('.replace(/\\u00f1/g, "n")');
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
