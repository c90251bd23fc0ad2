import { inspect } from 'node:util';

/**
 * A secret value (tracker token, SMTP password, signing key). It prints as `[REDACTED]` in
 * logs, JSON, string interpolation and util.inspect, so only an explicit `reveal()` exposes it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[REDACTED]';
  }

  toJSON(): string {
    return '[REDACTED]';
  }

  [inspect.custom](): string {
    return '[REDACTED]';
  }
}
