/** Stored attributions are read back through this schema: a row from an older Seams fails loudly, not silently. */
import { z } from 'zod';
import type { Attribution } from './attribution.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const move = z.object({ before: isoDate, after: isoDate, days: z.number() });

export const attributionSchema: z.ZodType<Attribution> = z.object({
  finish: move,
  p85: move.nullable(),
  causes: z.array(
    z.object({
      kind: z.enum(['target', 'team-history', 'link-added', 'link-removed', 'item-added', 'item-removed', 'item-changed', 'time-passed']),
      text: z.string(),
      finishDays: z.number(),
      p85Days: z.number().nullable(),
    }),
  ),
  residual: z.object({ finishDays: z.number(), p85Days: z.number().nullable() }),
});
