/**
 * Errors thrown at the public edge. Messages name the function and the parameter, never the note text:
 * a message can end up in a log that is not cleared for patient data.
 */
export function invalidArgument(fn: string, param: string, expected: string, got: unknown): TypeError {
  return new TypeError(`notelint.${fn}: ${param} must be ${expected}, got ${describe(got)}`);
}

/** A short description of a value's type that never includes its content. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name !== 'Object' ? `an object (${name})` : 'an object';
  }
  return typeof value;
}
