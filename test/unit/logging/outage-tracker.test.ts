import { describe, expect, it } from 'vitest';
import { createOutageTracker } from '../../../services/logging/outage-tracker.js';

describe('outage tracker', () => {
  it('reports the first failure of an outage once and its end with duration and count', () => {
    let now = 1_000;
    const events: string[] = [];
    const tracker = createOutageTracker(
      { lost: ({ code }) => events.push(`lost ${code}`), restored: ({ downMs, failures }) => events.push(`restored ${downMs} ${failures}`) },
      () => now,
    );
    tracker.succeeded();
    expect(events).toEqual([]);
    tracker.failed('ECONNREFUSED');
    now += 500;
    tracker.failed('ECONNREFUSED');
    tracker.failed('57P03');
    expect(tracker.down).toBe(true);
    now += 1_500;
    tracker.succeeded();
    tracker.succeeded();
    expect(tracker.down).toBe(false);
    tracker.failed('57P01');
    expect(events).toEqual(['lost ECONNREFUSED', 'restored 2000 3', 'lost 57P01']);
  });
});
