import { describe, expect, it } from 'vitest';
import { runClosers } from '../../../workers/graceful-shutdown.js';
import { createLogger } from '../../../services/logging/logger.js';

const logger = createLogger({ level: 'silent' });

describe('runClosers', () => {
  it('closes in order, bounds a stuck step and still closes the rest', async () => {
    const order: string[] = [];
    const clean = await runClosers(
      [
        { name: 'http', close: async () => order.push('http') },
        { name: 'worker', close: () => new Promise(() => undefined) },
        { name: 'database', close: async () => order.push('database') },
      ],
      logger,
      50,
    );
    expect(order).toEqual(['http', 'database']);
    expect(clean).toBe(false);
  });

  it('reports a clean shutdown when every step closes', async () => {
    expect(await runClosers([{ name: 'redis', close: async () => 'OK' }], logger, 50)).toBe(true);
  });
});
