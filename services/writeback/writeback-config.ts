/**
 * Per-program write-back settings (seams.config.yaml `programs[].writeBack`). Absent means `off`:
 * Seams only reads trackers until a program opts in.
 */
import { z } from 'zod';

export const writeBackModeSchema = z.enum(['off', 'dry-run', 'on']);
export type WriteBackMode = z.infer<typeof writeBackModeSchema>;

export const writeBackSchema = z
  .object({
    /** off: no tracker writes at all; dry-run: compute, log and show what would be written; on: write. */
    mode: writeBackModeSchema.default('off'),
    /** Label added to items in the set (critical, near-critical, blocking another team) and removed when they leave it. */
    label: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'expected a label without spaces, e.g. seams-critical')
      .max(255)
      .optional(),
    /** Mention the assignee once when the last open blocker of their item is done. */
    mentionOnUnblock: z.boolean().default(true),
  })
  .strict();

export type WriteBackConfig = z.infer<typeof writeBackSchema>;

export const WRITE_BACK_OFF: WriteBackConfig = Object.freeze({ mode: 'off', mentionOnUnblock: true });
