/**
 * The command surface: every command documents itself (summary, description, examples)
 * and the committed diagram is what the models generate.
 */
import { Config } from '@oclif/core';
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { models } from '../../src/models';
import { renderErd } from '../../src/services/db/erd';
import { BUNDLE, runCli, runRecorded } from '../helpers/cli';

const ROOT = path.join(__dirname, '..', '..');

describe('command surface', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'oclif.manifest.json'), 'utf8')) as {
    commands: Record<string, { summary?: string; description?: string; examples?: string[]; flags: Record<string, unknown> }>;
  };

  it('has the db commands the specification names', () => {
    expect(Object.keys(manifest.commands)).to.include.members(['db:migrate', 'db:migrate:undo', 'db:seed', 'db:status', 'db:start', 'db:stop', 'db:erd']);
  });

  // Commands whose output is the data itself (a file on stdout) have no --json.
  const STREAMS_DATA = ['products:export'];
  for (const [id, command] of Object.entries(manifest.commands)) {
    it(`${id} has a summary, a description, examples${STREAMS_DATA.includes(id) ? '' : ' and --json'}`, () => {
      expect(command.summary ?? '', 'summary').to.have.length.greaterThan(10);
      expect(command.description ?? '', 'description').to.have.length.greaterThan(10);
      expect(command.examples ?? [], 'examples').to.have.length.greaterThan(0);
      if (!STREAMS_DATA.includes(id)) expect(command.flags, 'flags').to.have.property('json');
    });
  }

  it('--help shows the examples', async () => {
    const result = await runCli(['db:migrate:undo', '--help']);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.include('EXAMPLES').and.include('store db:migrate:undo --all --yes');
  });

  it('--version prints the version, the same line as oclif (bin/run.js answers it before loading oclif)', async () => {
    const result = await runCli(['--version']);
    expect(result.code).to.equal(0);
    expect(result.stderr).to.equal('');
    const config = await Config.load(ROOT);
    expect(result.stdout).to.equal(`${config.userAgent}\n`);
    expect(result.stdout).to.match(/^store\/\d+\.\d+\.\d+ \S+-\S+ node-v\d+/);
  });

  it('a lone --version loads no oclif; --version with other arguments is oclif\'s to answer (oclif runs from the bundle)', async () => {
    const bundleLoaded = async (args: string[]) => {
      const result = await runRecorded(args);
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.match(/^store\/\d+\.\d+\.\d+/);
      expect(result.modules.filter((file) => file.includes(`${path.sep}@oclif${path.sep}`)), 'oclif is in the bundle, not loaded from node_modules').to.deep.equal([]);
      return result.modules.includes(BUNDLE);
    };
    expect(await bundleLoaded(['--version']), 'oclif loaded for a lone --version').to.equal(false);
    expect(await bundleLoaded(['--version', '--verbose']), 'oclif loaded for --version --verbose').to.equal(true);
  });

  it('docs/erd.md is the diagram the models generate (run `npm run erd` after changing a model)', () => {
    const committed = fs.readFileSync(path.join(ROOT, 'docs', 'erd.md'), 'utf8');
    expect(committed).to.equal(renderErd(models));
  });

  it('the diagram has every table and every foreign key as a relationship', () => {
    const diagram = renderErd(models);
    expect(diagram.match(/^ {2}[a-z_]+ \{$/gm)).to.have.length(26);
    expect(diagram).to.include('users ||--o| customers : "user_id"');
    expect(diagram).to.include('orders ||--o{ order_items : "order_id"');
    expect(diagram).to.include('categories |o--o{ categories : "parent_id"');
  });

  it('db:erd --check fails with exit 5 on an out-of-date file and writes nothing', async () => {
    const stale = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'store-erd-')), 'erd.md');
    fs.writeFileSync(stale, 'old');
    const result = await runCli(['db:erd', '--check', '--output', stale]);
    expect(result.code).to.equal(5);
    expect(result.stderr.trim()).to.match(/^error: .*erd\.md is out of date: run `store db:erd`$/);
    expect(fs.readFileSync(stale, 'utf8')).to.equal('old');
    const write = await runCli(['db:erd', '--output', stale]);
    expect(write.code, write.stderr).to.equal(0);
    expect(fs.readFileSync(stale, 'utf8')).to.equal(renderErd(models));
  });
});
