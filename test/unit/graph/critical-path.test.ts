import { describe, expect, it } from 'vitest';
import { analyzeProgram } from '../../../services/graph/analyze-program.js';
import type { ProgramAnalysis } from '../../../services/graph/analysis-types.js';
import { blocks, fixed, graphOf } from './graph-fixtures.js';

function byId(analysis: ProgramAnalysis): Record<string, { es: number; ef: number; ls: number; lf: number; slack: number }> {
  return Object.fromEntries(analysis.items.map((s) => [s.id, { es: s.es, ef: s.ef, ls: s.ls, lf: s.lf, slack: s.slack }]));
}

// The classic 7-activity network: A(3) B(4) start; C(2), D(5) after A; E(1) after B, C;
// F(2) after D, E; G(3) after F. Hand-computed: finish 13, critical A-D-F-G.
const classic = graphOf(fixed({ A: 3, B: 4, C: 2, D: 5, E: 1, F: 2, G: 3 }), [
  blocks('A', 'C'),
  blocks('A', 'D'),
  blocks('B', 'E'),
  blocks('C', 'E'),
  blocks('D', 'F'),
  blocks('E', 'F'),
  blocks('F', 'G'),
]);

describe('critical path method', () => {
  it('computes ES/EF/LS/LF and slack of the classic network', () => {
    const analysis = analyzeProgram(classic);
    expect(byId(analysis)).toEqual({
      A: { es: 0, ef: 3, ls: 0, lf: 3, slack: 0 },
      B: { es: 0, ef: 4, ls: 3, lf: 7, slack: 3 },
      C: { es: 3, ef: 5, ls: 5, lf: 7, slack: 2 },
      D: { es: 3, ef: 8, ls: 3, lf: 8, slack: 0 },
      E: { es: 5, ef: 6, ls: 7, lf: 8, slack: 2 },
      F: { es: 8, ef: 10, ls: 8, lf: 10, slack: 0 },
      G: { es: 10, ef: 13, ls: 10, lf: 13, slack: 0 },
    });
    expect(analysis.finishDays).toBe(13);
    expect(analysis.criticalPath).toEqual(['A', 'D', 'F', 'G']);
    expect(analysis.criticalIds).toEqual(['A', 'D', 'F', 'G']);
    expect(analysis.nearCritical).toEqual(['C', 'E']);
  });

  it('converts working days to dates across weekends and holidays', () => {
    // Mon 1 June + 13 working days: 1–5, 8–12, 15–17 June.
    const analysis = analyzeProgram(classic);
    expect(analysis.finishDate).toBe('2026-06-17');
    const d = analysis.items.find((s) => s.id === 'D');
    // D works days 3..7 → Thu 4 June to Wed 10 June.
    expect(d?.startDate).toBe('2026-06-04');
    expect(d?.finishDate).toBe('2026-06-10');

    const withHoliday = analyzeProgram({ ...classic, calendar: { weekendDays: [0, 6], holidays: ['2026-06-10'], timezone: 'UTC' } });
    expect(withHoliday.finishDate).toBe('2026-06-18');

    // asOf on a Saturday: work starts Monday.
    const fromSaturday = analyzeProgram({ ...classic, asOf: '2026-05-30' });
    expect(fromSaturday.finishDate).toBe('2026-06-17');
    expect(fromSaturday.items.find((s) => s.id === 'A')?.startDate).toBe('2026-06-01');

    // A Friday-to-Saturday-off calendar: 13 working days from Sun 31 May.
    const middleEast = analyzeProgram({ ...classic, asOf: '2026-05-31', calendar: { weekendDays: [5, 6], holidays: [], timezone: 'Asia/Dubai' } });
    expect(middleEast.finishDate).toBe('2026-06-16');
  });

  it('finishes half days on the day they end', () => {
    const analysis = analyzeProgram(graphOf(fixed({ A: 0.5, B: 0.5 }), [blocks('A', 'B')]));
    expect(analysis.finishDays).toBe(1);
    expect(analysis.finishDate).toBe('2026-06-01');
    expect(analysis.items.map((s) => s.finishDate)).toEqual(['2026-06-01', '2026-06-01']);
  });

  it('gives disconnected parts their float against the program finish', () => {
    const analysis = analyzeProgram(graphOf(fixed({ A: 4, B: 6, X: 1, Y: 3, Z: 5 }), [blocks('A', 'B'), blocks('X', 'Y')]));
    expect(byId(analysis)).toEqual({
      A: { es: 0, ef: 4, ls: 0, lf: 4, slack: 0 },
      B: { es: 4, ef: 10, ls: 4, lf: 10, slack: 0 },
      X: { es: 0, ef: 1, ls: 6, lf: 7, slack: 6 },
      Y: { es: 1, ef: 4, ls: 7, lf: 10, slack: 6 },
      Z: { es: 0, ef: 5, ls: 5, lf: 10, slack: 5 },
    });
    expect(analysis.criticalPath).toEqual(['A', 'B']);
  });

  it('reports both tied chains as critical and picks the primary one by id', () => {
    const analysis = analyzeProgram(graphOf(fixed({ S: 1, P: 2, Q: 2, R: 3, T: 3 }), [
      blocks('S', 'Q'),
      blocks('S', 'P'),
      blocks('Q', 'T'),
      blocks('P', 'R'),
    ]));
    expect(analysis.finishDays).toBe(6);
    expect(analysis.criticalIds).toEqual(['S', 'P', 'Q', 'R', 'T']);
    // R and T both finish at 6; R < T, then P drives R.
    expect(analysis.criticalPath).toEqual(['S', 'P', 'R']);
  });

  it('chooses the driving predecessor, not just any critical one', () => {
    // A is critical through X, and also precedes D; but D waits for B, so the chain into D is B → D.
    const analysis = analyzeProgram(graphOf(fixed({ A: 2, B: 6, D: 1, X: 5 }), [blocks('A', 'X'), blocks('A', 'D'), blocks('B', 'D')]));
    expect(analysis.criticalIds).toEqual(['A', 'B', 'X', 'D']);
    expect(analysis.criticalPath).toEqual(['B', 'D']);
  });

  it('handles an empty program', () => {
    const analysis = analyzeProgram(graphOf([]));
    expect(analysis.finishDays).toBe(0);
    expect(analysis.finishDate).toBe('2026-06-01');
    expect(analysis.criticalPath).toEqual([]);
  });
});
