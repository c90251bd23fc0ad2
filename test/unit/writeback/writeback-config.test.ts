import { describe, expect, it } from 'vitest';
import { parseConfigFile } from '../../../services/config/load-config.js';
import { configErrorOf } from '../../helpers/config-error-of.js';

const program = (writeBack?: unknown) => ({
  programs: [{ name: 'checkout', targetDate: '2027-03-15', scope: { epics: ['PAY-1'] }, ...(writeBack === undefined ? {} : { writeBack }) }],
});

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
    expect(configErrorOf(() => parseConfigFile(program({ mode: 'yes' }), 'seams.config.yaml')).message).toContain('programs[0].writeBack.mode');
    expect(configErrorOf(() => parseConfigFile(program({ mode: 'on', label: 'seams critical' }), 'seams.config.yaml')).message).toContain(
      'expected a label without spaces',
    );
    expect(configErrorOf(() => parseConfigFile(program({ mode: 'on', labels: ['x'] }), 'seams.config.yaml')).message).toContain('programs[0].writeBack');
  });
});
