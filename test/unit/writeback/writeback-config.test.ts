import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../services/config/config-error.js';
import { parseConfigFile } from '../../../services/config/load-config.js';

const program = (writeBack?: unknown) => ({
  programs: [{ name: 'checkout', targetDate: '2027-03-15', scope: { epics: ['PAY-1'] }, ...(writeBack === undefined ? {} : { writeBack }) }],
});

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('programs[].writeBack', () => {
  it('is off unless a program asks for it', () => {
    expect(parseConfigFile(program(), 'seams.config.yaml').programs[0]?.writeBack).toBeUndefined();
    expect(parseConfigFile(program({}), 'seams.config.yaml').programs[0]?.writeBack).toEqual({ mode: 'off', mentionOnUnblock: true });
    expect(parseConfigFile(program({ mode: 'on', label: 'seams-critical' }), 'seams.config.yaml').programs[0]?.writeBack).toEqual({
      mode: 'on',
      label: 'seams-critical',
      mentionOnUnblock: true,
    });
  });

  it('names the path and what was expected for a bad mode, label or unknown key', () => {
    expect(errorOf(() => parseConfigFile(program({ mode: 'yes' }), 'seams.config.yaml')).message).toContain('programs[0].writeBack.mode');
    expect(errorOf(() => parseConfigFile(program({ mode: 'on', label: 'seams critical' }), 'seams.config.yaml')).message).toContain(
      'expected a label without spaces',
    );
    expect(errorOf(() => parseConfigFile(program({ mode: 'on', labels: ['x'] }), 'seams.config.yaml')).message).toContain('programs[0].writeBack');
  });
});
