/**
 * Imported first by the CLI: on an older Node the CLI would otherwise exit 0 without a word
 * (it starts through `import.meta.main`, which Node 20 does not set) or fail deep in a library.
 */
const MINIMUM = [22, 12] as const;

/** A message when `version` (e.g. "20.20.2") is older than Seams supports; undefined when fine. */
export function unsupportedNodeMessage(version: string): string | undefined {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1])) return undefined;
  return (
    `seams needs Node ${MINIMUM.join('.')} or newer (Node 24 LTS recommended); this is Node ${version}. ` +
    'Run it through `npm run seams -- …` or `npx seams`, which use the Node 24 from the node@24 devDependency.'
  );
}

const message = unsupportedNodeMessage(process.versions.node);
if (message) {
  console.error(message);
  process.exit(1);
}
