/**
 * The layering of DESIGN.md, enforced (test/unit/architecture/layering.test.ts runs it in
 * `npm test`; `npx depcruise services workers db` runs it by hand).
 */
/** Directories of the pure engine: no I/O, no database, no queues, no HTTP. */
const PURE = '^services/(graph|forecast|risk)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make modules impossible to read, test or load on their own.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'pure-engine-stays-pure',
      severity: 'error',
      comment: 'graph/, forecast/ and risk/ import only each other, the normalized record types and zod.',
      from: { path: PURE },
      to: {
        pathNot: [PURE, '^services/connectors/connector-types\\.ts$', '^node_modules/zod/'],
      },
    },
    {
      name: 'db-below-services',
      severity: 'error',
      comment: 'db/ stores shapes it owns; it never imports the view layer, the app, the CLI, HTTP or workers.',
      from: { path: '^db/' },
      to: { path: ['^services/(reports|app|cli|http|delivery|demo|sandbox)/', '^services/cli\\.ts$', '^workers/'] },
    },
    {
      name: 'services-below-workers',
      severity: 'error',
      comment:
        'Workers glue services; services never import workers — except the composition roots that start ' +
        'or enqueue into them (the CLI, the demo, the HTTP app and its queue metrics).',
      from: {
        path: '^services/',
        pathNot: ['^services/cli\\.ts$', '^services/cli/', '^services/demo/', '^services/app/http-app\\.ts$', '^services/http/metrics\\.ts$'],
      },
      to: { path: '^workers/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|dist-bench|node_modules)/' },
    tsPreCompilationDeps: false,
    // typescript@7 has no JavaScript API yet; swc parses the sources instead.
    parser: 'swc',
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
