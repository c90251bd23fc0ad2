import { LinearClient, type LinearRawResponse } from '@linear/sdk';
import { generateProgram } from '../services/sandbox/generate-program.js';
import { loadLinearSchema } from '../services/sandbox/linear/linear-schema.js';
import { startLinearSandbox } from '../services/sandbox/linear/linear-server.js';

/** A sync-shaped page: every field the Linear connector needs, nested pages bounded to stay under 10,000 complexity. */
const PAGE = `query Page($after: String) {
  issues(first: 50, after: $after, orderBy: updatedAt, includeArchived: true) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id identifier title url priority estimate dueDate createdAt updatedAt startedAt completedAt canceledAt archivedAt
      state { id name type } team { id key name } assignee { id name email } project { id name } parent { id identifier }
      labels(first: 10) { nodes { name } }
      relations(first: 10) { nodes { id type relatedIssue { id identifier } } }
      inverseRelations(first: 10) { nodes { id type issue { id identifier } } }
      attachments(first: 5) { nodes { id url title sourceType } }
      history(first: 10) { nodes { id createdAt fromState { id name type } toState { id name type } } }
    }
  }
}`;

interface Page {
  readonly issues: { readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null }; readonly nodes: readonly unknown[] };
}

/** Schema build cost, then a full paged pull of the bench program's Linear slice through @linear/sdk. */
export default async function run(): Promise<Record<string, number | string>> {
  const { buildMs } = loadLinearSchema();
  const program = generateProgram({ seed: 1, size: 'bench', jiraBaseUrl: 'http://127.0.0.1:4010', linearWorkspaceUrl: 'https://linear.app/bench' });
  const sandbox = await startLinearSandbox({ program, apiKey: 'bench', limits: { requestsPerHour: 1_000_000, complexityPerHour: 1e12 } });
  try {
    const client = new LinearClient({ apiKey: 'bench', apiUrl: sandbox.url });
    const latencies: number[] = [];
    let items = 0;
    let after: string | null = null;
    const started = performance.now();
    for (;;) {
      const t = performance.now();
      const response: LinearRawResponse<Page> = await client.client.rawRequest<Page, { after: string | null }>(PAGE, { after });
      latencies.push(performance.now() - t);
      const page: Page['issues'] | undefined = response.data?.issues;
      if (!page) throw new Error('empty page');
      items += page.nodes.length;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      schemaBuildMs: Math.round(buildMs),
      linearItems: items,
      requests: sandbox.stats.requests,
      itemsPerSecond: Math.round(items / seconds),
      p50RequestMs: Number((latencies[Math.floor(latencies.length / 2)] ?? 0).toFixed(1)),
      p95RequestMs: Number((latencies[Math.floor(latencies.length * 0.95)] ?? 0).toFixed(1)),
      complexityPerRequest: Math.round(sandbox.stats.complexityUsed / sandbox.stats.requests),
      rssMb: Math.round(process.memoryUsage().rss / 1_048_576),
    };
  } finally {
    await sandbox.close();
  }
}
