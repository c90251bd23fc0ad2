/**
 * The BullMQ queue board (@bull-board/fastify) under `/admin/queues`, for admins only. It is
 * mounted inside the dashboard plugin, so the dashboard's sign-in and CSRF checks run first.
 * Read-only except for one action: retrying a failed job. Everything else the board offers
 * (pause, empty, clean, add, promote, edit) is refused here before bull-board sees it.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyPluginAsync } from 'fastify';
import { HttpError } from './http-errors.js';

export interface QueueBoardOptions {
  readonly queues: readonly Queue[];
  /** The dashboard's base path (its prefix), for the board's own links. */
  readonly basePath: string;
  /** Turns on the cookie's Secure flag (https public URL). */
  readonly secure: boolean;
}

/** The board's pages load scripts and call their JSON API from the same origin, nothing else. */
const BOARD_HELMET = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'none'"],
    },
  },
};

/** The one change allowed: PUT …/api/queues/:queue/:jobId/retry, and only for a failed job. */
const RETRY_ONE = /\/api\/queues\/([^/]+)\/([^/]+)\/retry$/;

export const queueBoardRoutes: FastifyPluginAsync<QueueBoardOptions> = async (app, options) => {
  const boardPath = `${options.basePath}/admin/queues`;
  const byName = new Map(options.queues.map((q) => [q.name, q]));

  // bull-board's UI fetches its JSON API, which the dashboard's CSP forbids; these routes get their own.
  app.addHook('onRoute', (route) => {
    // @fastify/helmet reads a route's own options from its config at request time.
    route.config = Object.assign(route.config ?? {}, { helmet: BOARD_HELMET });
  });

  app.addHook('onRequest', async (request, reply) => {
    const actor = request.seamsAuth?.actor;
    if (actor?.role !== 'admin') {
      request.log.warn({ actor: actor?.name, role: actor?.role }, 'queue board refused to a non-admin');
      throw new HttpError(403, 'the queue board is for admins');
    }
    if (request.method === 'GET' || request.method === 'HEAD') {
      // The board's HTTP client (axios) sends this cookie back as X-XSRF-TOKEN, which the
      // dashboard's CSRF check accepts: the token is bound to this session like any form's.
      const csrf = request.seamsAuth?.csrf;
      if (csrf) reply.setCookie('XSRF-TOKEN', csrf, { path: boardPath, sameSite: 'strict', secure: options.secure, httpOnly: false });
      return;
    }
    const path = request.url.split('?')[0] ?? '';
    const retry = request.method === 'PUT' ? RETRY_ONE.exec(path) : null;
    const queue = retry ? byName.get(decodeURIComponent(retry[1]!)) : undefined;
    if (!retry || !queue) throw new HttpError(403, 'the queue board is read-only; only a failed job may be retried');
    const state = await queue.getJobState(decodeURIComponent(retry[2]!));
    if (state !== 'failed') throw new HttpError(403, `only a failed job may be retried (this one is ${state})`);
    request.log.info({ actor: actor.name, queue: queue.name, jobId: retry[2] }, 'queue board: retrying a failed job');
  });

  const adapter = new FastifyAdapter();
  adapter.setBasePath(boardPath);
  createBullBoard({
    queues: options.queues.map((q) => new BullMQAdapter(q, { allowRetries: true })),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'Seams queues' } },
  });
  await app.register(adapter.registerPlugin());
};
