import { expect } from 'vitest';

interface Fact {
  span: { start: number; end: number };
  text: string;
}

/**
 * Wraps an extractor for tests: every fact it returns must pass its zod schema, and its evidence must be
 * the slice of the input at its span. The messages carry the input.
 */
export function checked<F extends Fact>(extract: (text: string) => F[], schema: { safeParse(value: unknown): { success: boolean } }): (text: string) => F[] {
  return (text) => {
    const facts = extract(text);
    for (const f of facts) {
      expect(schema.safeParse(f).success, `schema of ${JSON.stringify(f)} in ${JSON.stringify(text)}`).toBe(true);
      expect(text.slice(f.span.start, f.span.end), `evidence of ${JSON.stringify(f.text)} in ${JSON.stringify(text)}`).toBe(f.text);
    }
    return facts;
  };
}
