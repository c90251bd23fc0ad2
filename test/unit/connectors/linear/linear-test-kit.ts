/** Shared setup of the Linear connector tests: fixtures, a fake clock, GraphQL body matchers. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Timing } from '../../../../services/connectors/rate-limit.js';

export const API = 'https://api.linear.app';
export const API_KEY = 'lin_api_TESTKEY0123456789';

export function fixture(name: string): unknown {
  const path = fileURLToPath(new URL(`../../../fixtures/linear/${name}`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

export interface GraphQLBody {
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

/** nock body matcher: the operation name and, optionally, a check on the variables. */
export function operation(name: string, check: (variables: Record<string, unknown>) => boolean = () => true) {
  return (body: GraphQLBody): boolean => body.query.includes(`query ${name}(`) && check(body.variables);
}

export interface FakeTiming extends Timing {
  readonly sleeps: number[];
  advance(ms: number): void;
}

/** A clock that only moves when told to or when the code under test sleeps. */
export function fakeTiming(startMs = Date.parse('2026-05-22T12:00:00.000Z')): FakeTiming {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    async sleep(ms) {
      sleeps.push(ms);
      now += ms;
    },
    advance(ms) {
      now += ms;
    },
  };
}

export const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };
