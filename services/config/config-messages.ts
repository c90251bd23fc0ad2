/**
 * Wording of configuration problems: zod's defaults ("Unrecognized key", "expected string,
 * received undefined") don't tell a user what to type, so unknown keys get a "did you mean"
 * from the keys the schema knows, and a missing field says it is required.
 */
import type { z } from 'zod';

type RawIssue = Parameters<z.core.$ZodErrorMap>[0];

/** Edit distance (insertions, deletions, substitutions, adjacent swaps), for typo suggestions. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The known key closest to `key` (case-insensitive), when it is close enough to be a typo. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= Math.max(1, Math.floor(candidate.length / 3)) && (!best || distance < best.distance)) {
      best = { key: candidate, distance };
    }
  }
  return best?.key;
}

function knownKeys(issue: RawIssue): string[] {
  const def = issue.inst?._zod.def as { shape?: Record<string, unknown> } | undefined;
  return def?.shape ? Object.keys(def.shape) : [];
}

/** zod error map for config files and the environment. */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(issue);
    return issue.keys
      .map((key) => {
        const suggestion = closestKey(key, known);
        const hint = suggestion ? `did you mean "${suggestion}"?` : `expected one of: ${known.join(', ')}`;
        return `unknown key "${key}" (${hint})`;
      })
      .join('; ');
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return `required (expected ${issue.expected}), but missing`;
  }
  return undefined;
};
