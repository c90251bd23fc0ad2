/** The dashboard's front page: one row per program with its colour and date confidence. */
import type { IsoDate } from '../graph/graph-types.js';
import type { StatusColour } from '../risk/status-colour.js';
import { COLOUR_HEX, colourLabel, programPath } from './report-format.js';
import { compareText } from './report-items.js';

/** What the lead's db layer returns per program for the list (latest snapshot, or none yet). */
export interface ProgramListEntry {
  readonly name: string;
  readonly title: string;
  readonly owner: string;
  readonly targetDate: IsoDate | null;
  readonly colour: StatusColour | null;
  /** P(finish by target), 0..1; null without a forecast. */
  readonly confidence: number | null;
  readonly p85: IsoDate | null;
  readonly asOf: IsoDate | null;
}

/** Badge fields are not named `colourLabel`/`colourHex`: Handlebars would call the helpers of those names instead. */
export interface ProgramListRow extends ProgramListEntry {
  readonly path: string;
  readonly statusLabel: string;
  readonly statusHex: string;
}

const COLOUR_ORDER: Readonly<Record<StatusColour, number>> = { red: 0, yellow: 1, green: 2 };

/** Red first: the list is read top-down by someone looking for trouble. */
export function buildProgramListView(entries: readonly ProgramListEntry[]): readonly ProgramListRow[] {
  return [...entries]
    .sort((a, b) => (a.colour ? COLOUR_ORDER[a.colour] : 3) - (b.colour ? COLOUR_ORDER[b.colour] : 3) || compareText(a.title, b.title))
    .map((entry) => ({
      ...entry,
      path: programPath(entry.name),
      statusLabel: entry.colour ? colourLabel(entry.colour) : 'No snapshot',
      statusHex: entry.colour ? COLOUR_HEX[entry.colour] : '#57606a',
    }));
}
