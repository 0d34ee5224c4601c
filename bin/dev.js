#!/usr/bin/env node
// Development entry point: runs the TypeScript sources through ts-node, no build needed.
require('ts-node').register({ transpileOnly: true, project: require('node:path').join(__dirname, '..', 'tsconfig.json') });
require('reflect-metadata');
const { execute } = require('@oclif/core');

execute({ development: true, dir: __dirname }).catch(require('@oclif/core').handle);
