/**
 * Who is signing in, and what they may do. Roles come from config at every request (a person
 * removed or demoted in seams.config.yaml loses access at once, whatever their session says).
 * viewer reads; editor (the TPM) also edits the register and decisions; admin can do all of it.
 */
import type { AccessConfig, PersonConfig, Role } from '../config/config-schema.js';

export interface Actor {
  readonly name: string;
  readonly role: Role;
}

/** What a session or login link vouches for: an email address (magic link) or a name (shared secret). */
export type Principal = { readonly kind: 'email'; readonly email: string } | { readonly kind: 'name'; readonly name: string };

const RANK: Readonly<Record<Role, number>> = { viewer: 0, editor: 1, admin: 2 };

export function roleAllows(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

export interface PeopleDirectory {
  /** Null when the principal may not sign in (an address that is neither a person nor a subscriber). */
  resolve(principal: Principal): Actor | null;
  /** Whether a one-time link may be sent to this address. */
  canReceiveLink(email: string): boolean;
}

export function createPeopleDirectory(config: {
  readonly people: readonly PersonConfig[];
  readonly access: AccessConfig;
  /** Subscribers may sign in as viewers with a link to their own address. */
  readonly subscriberEmails?: readonly string[];
}): PeopleDirectory {
  const byEmail = new Map(config.people.filter((p) => p.email).map((p) => [p.email!.toLowerCase(), p]));
  const byName = new Map(config.people.map((p) => [p.name.toLowerCase(), p]));
  const subscribers = new Set((config.subscriberEmails ?? []).map((e) => e.toLowerCase()));
  return {
    resolve(principal) {
      if (principal.kind === 'email') {
        const email = principal.email.toLowerCase();
        const person = byEmail.get(email);
        if (person) return { name: person.name, role: person.role };
        return subscribers.has(email) ? { name: email, role: 'viewer' } : null;
      }
      const name = principal.name.trim();
      if (name === '') return null;
      const person = byName.get(name.toLowerCase());
      return person ? { name: person.name, role: person.role } : { name, role: config.access.sharedSecretRole };
    },
    canReceiveLink(email) {
      const lower = email.toLowerCase();
      return byEmail.has(lower) || subscribers.has(lower);
    },
  };
}
