/** Plausible titles, people and slugs for generated items (deterministic through the Prng). */
import type { Prng } from './prng.js';

const VERBS = ['Add', 'Fix', 'Migrate', 'Refactor', 'Instrument', 'Harden', 'Document', 'Remove', 'Cache', 'Paginate', 'Validate', 'Backfill'];
const OBJECTS = [
  'checkout flow', 'refund webhook', 'ledger export', 'session tokens', 'push notifications', 'offline sync',
  'billing emails', 'search index', 'audit log', 'feature flags', 'rate limiter', 'settings page',
  'invoice PDF', 'onboarding wizard', 'metrics pipeline', 'event schema', 'deep links', 'SSO login',
  'currency rounding', 'retry queue', 'image uploads', 'dashboard filters', 'CSV import', 'GraphQL gateway',
];
const QUALIFIERS = ['', '', ' for EU', ' on Android', ' on iOS', ' in v2 API', ' behind flag', ' for enterprise', ' at scale'];

/** The launch the main chain delivers, told as a story one hop per item. */
export const CHAIN_TITLES: readonly string[] = [
  'Define payment intent API contract',
  'Provision tokenization service',
  'Card vault client in mobile SDK',
  'Fraud score feature pipeline',
  'Checkout page wired to payment intents',
  'Settle payments through new ledger',
  'Ledger reconciliation job',
  'Mobile checkout with saved cards',
  'Risk model retrained on new events',
  'Web rollout behind launch flag',
  'Payments GA readiness review',
  'Launch: one-click checkout everywhere',
];

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Ken', 'Margaret', 'Linus', 'Radia', 'Donald', 'Frances', 'Tim', 'Hedy', 'Dennis', 'Sophie', 'John', 'Katherine', 'Bjarne', 'Anita', 'Guido'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Thompson', 'Hamilton', 'Torvalds', 'Perlman', 'Knuth', 'Allen', 'Berners-Lee', 'Lamarr', 'Ritchie', 'Wilson', 'McCarthy', 'Johnson', 'Stroustrup', 'Borg', 'van Rossum'];

export function fillerTitle(prng: Prng): string {
  return `${prng.pick(VERBS)} ${prng.pick(OBJECTS)}${prng.pick(QUALIFIERS)}`;
}

export function epicTitle(teamName: string, n: number): string {
  return `${teamName} roadmap Q${(n % 4) + 1}: ${['reliability', 'growth', 'platform', 'compliance'][n % 4]}`;
}

export function personName(index: number): { name: string; email: string } {
  const first = FIRST[index % FIRST.length] ?? 'Sam';
  const last = LAST[Math.floor(index / FIRST.length + index) % LAST.length] ?? 'Doe';
  const suffix = index >= FIRST.length * LAST.length ? String(index) : '';
  return {
    name: `${first} ${last}`,
    email: `${first}.${last}${suffix}`.toLowerCase().replace(/[^a-z0-9.]/g, '') + '@example.com',
  };
}

/** Linear-style URL slug of a title (`Fix the thing!` → `fix-the-thing`). */
export function slugify(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}
