import { describe, expect, it } from 'vitest';
import { createPeopleDirectory, roleAllows } from '../../../services/people/people.js';

const directory = createPeopleDirectory({
  people: [
    { name: 'Dana Whitfield', email: 'dana@example.com', role: 'editor' },
    { name: 'Val Viewer', role: 'viewer' },
  ],
  access: { sharedSecretRole: 'viewer', loginLinkMinutes: 15 },
  subscriberEmails: ['VP@example.com'],
});

describe('people directory', () => {
  it('resolves addresses to configured people, subscribers to viewers, and nobody else', () => {
    expect(directory.resolve({ kind: 'email', email: 'Dana@Example.com' })).toEqual({ name: 'Dana Whitfield', role: 'editor' });
    expect(directory.resolve({ kind: 'email', email: 'vp@example.com' })).toEqual({ name: 'vp@example.com', role: 'viewer' });
    expect(directory.resolve({ kind: 'email', email: 'mallory@example.com' })).toBeNull();
    expect(directory.canReceiveLink('vp@example.com')).toBe(true);
    expect(directory.canReceiveLink('mallory@example.com')).toBe(false);
  });

  it('gives names signed in with the secret their configured role, others the shared-secret role', () => {
    expect(directory.resolve({ kind: 'name', name: ' dana whitfield ' })).toEqual({ name: 'Dana Whitfield', role: 'editor' });
    expect(directory.resolve({ kind: 'name', name: 'Sam' })).toEqual({ name: 'Sam', role: 'viewer' });
    expect(directory.resolve({ kind: 'name', name: '  ' })).toBeNull();
  });

  it('orders roles viewer < editor < admin', () => {
    expect(roleAllows('admin', 'editor')).toBe(true);
    expect(roleAllows('editor', 'editor')).toBe(true);
    expect(roleAllows('viewer', 'editor')).toBe(false);
  });
});
