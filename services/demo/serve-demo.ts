/**
 * Serves the demo's dashboard on loopback until Ctrl-C, protected like production: a random
 * secret for this run and a signed login link printed for the person at the terminal.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database-types.js';
import { buildHttpApp } from '../app/http-app.js';
import type { ConfigFile } from '../config/config-schema.js';
import { parseRuntimeSettings } from '../config/load-config.js';
import { Secret } from '../config/secret.js';
import { createDashboardAuth, loginLinkUrl } from '../http/dashboard-auth.js';
import type { Logger } from '../logging/logger.js';

export interface DemoServer {
  readonly app: FastifyInstance;
  readonly loginUrl: string;
  readonly secret: Secret;
}

export async function serveDemo(deps: {
  readonly db: Kysely<Database>;
  readonly file: ConfigFile;
  readonly logger: Logger;
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string;
  /** The demo state's key: the unsubscribe links in out/*.eml verify against it. */
  readonly signingKey: Secret;
}): Promise<DemoServer> {
  const secret = new Secret(randomBytes(18).toString('base64url'));
  const signingKey = deps.signingKey;
  const runtime = {
    ...parseRuntimeSettings({}),
    publicUrl: deps.publicUrl,
    host: deps.host,
    port: deps.port,
    dashboardSecret: secret,
    signingKey,
  };
  const { app } = await buildHttpApp({ config: { file: deps.file, runtime }, db: deps.db, logger: deps.logger });
  await app.listen({ host: deps.host, port: deps.port });
  const token = createDashboardAuth({ sharedSecret: secret, signingKey }).createLoginToken({ subject: 'demo', ttlSeconds: 12 * 3600 });
  return { app, loginUrl: loginLinkUrl(deps.publicUrl, token), secret };
}
