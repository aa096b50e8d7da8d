import { describe, invalidArgument } from '../errors.js';

/** A TypeError naming the parameter; a number is shown (it is an option, never note text). */
function badOption(fn: string, name: string, expected: string, value: unknown): TypeError {
  return new TypeError(`notelint.${fn}: ${name} must be ${expected}, got ${typeof value === 'number' ? String(value) : describe(value)}`);
}

/**
 * Options of the shingling step, shared by `shingles`, `MinHasher` and `findNearDuplicates`.
 *
 * @example
 * const options: ShingleOptions = { shingleSize: 4, maskNumbers: false };
 */
export interface ShingleOptions {
  /** Words per shingle (k of the k-grams). Default 3. */
  shingleSize?: number;
  /**
   * Replace every number and date with one placeholder token (default true), so two notes that differ only
   * in dates, pain scores and vitals are near-identical.
   */
  maskNumbers?: boolean;
}

export function checkObject(fn: string, param: string, value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidArgument(fn, param, 'an object', value);
  return value as Record<string, unknown>;
}

export function intOption(fn: string, name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw badOption(fn, name, `an integer from ${min} to ${max}`, value);
  }
  return value;
}

export function boolOption(fn: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalidArgument(fn, name, 'a boolean', value);
  return value;
}

export function thresholdOption(fn: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0 && value <= 1)) {
    throw badOption(fn, name, 'a number above 0 and at most 1', value);
  }
  return value;
}

export function shingleOptions(fn: string, options: unknown): { shingleSize: number; maskNumbers: boolean } {
  const o = checkObject(fn, 'options', options);
  return {
    shingleSize: intOption(fn, 'options.shingleSize', o.shingleSize, 3, 1, 64),
    maskNumbers: boolOption(fn, 'options.maskNumbers', o.maskNumbers, true),
  };
}
