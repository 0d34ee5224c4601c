import { QueryTypes } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { connect, redactUrl } from '../../db/connection';
import { defaultDataRoot, embeddedStatus, embeddedUrl } from '../../db/embedded';
import { readEnv } from '../../lib/env';
import { schemaState } from '../../db/migrator';
import * as fs from 'node:fs';

export interface DatabaseStatus {
  source: 'DATABASE_URL' | 'embedded';
  /** Connection URL with the password hidden. */
  url?: string;
  dataDir?: string;
  running: boolean;
  pid?: number;
  serverVersion?: string;
  schema?: { current: boolean; version: string | null; applied: string[]; pending: string[]; unknown: string[] };
}

async function readSchema(sequelize: Sequelize): Promise<{ serverVersion: string; schema: DatabaseStatus['schema'] }> {
  const [{ server_version }] = await sequelize.query<{ server_version: string }>('SHOW server_version', { type: QueryTypes.SELECT });
  const state = await schemaState(sequelize);
  return {
    serverVersion: server_version,
    schema: {
      current: state.pending.length === 0 && state.unknown.length === 0,
      version: state.applied.length > 0 ? state.applied[state.applied.length - 1] : null,
      ...state,
    },
  };
}

/** Where the data lives, whether the server runs, and the schema version. Never starts a server. */
export async function databaseStatus(env: NodeJS.ProcessEnv = process.env): Promise<DatabaseStatus> {
  const parsed = readEnv(env);
  if (parsed.DATABASE_URL) {
    const sequelize = await connect(parsed.DATABASE_URL);
    try {
      return { source: 'DATABASE_URL', url: redactUrl(parsed.DATABASE_URL), running: true, ...(await readSchema(sequelize)) };
    } finally {
      await sequelize.close();
    }
  }
  const dataDir = defaultDataRoot(env);
  const server = await embeddedStatus(dataDir);
  const status: DatabaseStatus = { source: 'embedded', dataDir, running: server.running, pid: server.pid };
  if (!server.running || server.port === undefined) {
    if (server.initialised) status.serverVersion = server.serverVersion;
    return status;
  }
  const credentials = JSON.parse(fs.readFileSync(server.layout.credentialsFile, 'utf8'));
  const url = embeddedUrl(credentials);
  status.url = redactUrl(url);
  const sequelize = await connect(url);
  try {
    return { ...status, ...(await readSchema(sequelize)) };
  } finally {
    await sequelize.close();
  }
}
