import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../src/index.js';
import { KEBAB_ID, registeredLexicons, entrySource, wordRegex } from '../src/lexicon.js';
import { readCorpus } from '../scripts/eval/corpus.js';

const files = readdirSync('lexicons').filter((f) => f.endsWith('.json'));
const lexicons = registeredLexicons();

// The texts that count as fixtures: every annotated snippet, and the NegEx sentences for context rules.
const annotated = readdirSync(join('corpora', 'annotated'))
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) => readCorpus(join('corpora', 'annotated', f)).map((s) => s.text));
const negex = readFileSync(join('corpora', 'negex', 'rsAnnotations-1-120-random.txt'), 'utf8')
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t')[2] ?? '');
const fixtures = [...annotated, ...negex].join('\n\u0000\n');

/** Finds a quantified group that itself contains a quantifier: the shape of catastrophic backtracking. */
function hasNestedQuantifier(source: string): boolean {
  const stack: boolean[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      continue;
    }
    if (c === '(') stack.push(false);
    else if (c === ')') {
      const inner = stack.pop() ?? false;
      const next = source[i + 1];
      const repeated = next === '*' || next === '+' || (next === '{' && !/^\{\d+\}/.test(source.slice(i + 1)) && !/^\{0,1\}/.test(source.slice(i + 1)));
      if (inner && repeated) return true;
      if (stack.length) stack[stack.length - 1] = stack[stack.length - 1]! || inner || repeated || next === '?';
    } else if ((c === '*' || c === '+' || c === '{') && stack.length) stack[stack.length - 1] = true;
  }
  return false;
}

function strings(entry: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (Array.isArray(entry.terms)) out.push(...(entry.terms as string[]));
  if (entry.values && typeof entry.values === 'object') out.push(...Object.keys(entry.values));
  return out;
}

describe('lexicons', () => {
  it('loads every file in lexicons/ through loadLexicon (none is orphaned)', () => {
    const names = new Set(lexicons.map((l) => l.name));
    for (const f of files) expect(names.has(basename(f, '.json')), `lexicons/${f} is loaded`).toBe(true);
  });

  for (const lex of lexicons) {
    describe(lex.name, () => {
      it('has unique kebab-case ids', () => {
        const ids = lex.entries.map((e) => e.id);
        expect(new Set(ids).size, `${lex.name} ids unique`).toBe(ids.length);
        for (const id of ids) expect(KEBAB_ID.test(id), `${lex.name}: ${id} is kebab-case`).toBe(true);
      });

      it('has patterns without capturing groups or nested quantifiers', () => {
        for (const e of lex.entries) {
          if (!e.pattern) continue;
          expect(/\((?!\?)/.test(e.pattern.replace(/\\./g, '').replace(/\[[^\]]*\]/g, '')), `${lex.name}/${e.id} has no capturing group`).toBe(false);
          expect(hasNestedQuantifier(e.pattern), `${lex.name}/${e.id} has no nested quantifier`).toBe(false);
        }
      });

      it("matches each entry's own example", () => {
        for (const e of lex.entries) {
          const src = entrySource(e);
          const words = strings(e as unknown as Record<string, unknown>);
          if (!src && !words.length) continue;
          const re = src ? wordRegex(src) : wordRegex(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
          expect(re.test(e.example), `${lex.name}/${e.id} example ${JSON.stringify(e.example)}`).toBe(true);
        }
      });

      it("starts every fixture match of a pattern with one of its startsWith words", () => {
        // TermMatcher tries a pattern only at those words: a missing one silently loses matches.
        for (const e of lex.entries) {
          if (!e.pattern || !e.startsWith) continue;
          const words = new Set(e.startsWith.map((w) => w.toLowerCase()));
          for (const m of fixtures.matchAll(wordRegex(e.pattern))) {
            const first = (/^(?:[\p{L}\p{M}]+|\p{N}+|.)/u.exec(m[0])?.[0] ?? '').toLowerCase();
            expect(words.has(first), `${lex.name}/${e.id} match ${JSON.stringify(m[0])} starts with a startsWith word`).toBe(true);
          }
        }
      });

      it('has every entry exercised by at least one annotated fixture', () => {
        for (const e of lex.entries) {
          const src = entrySource(e);
          const words = strings(e as unknown as Record<string, unknown>);
          if (!src && !words.length) continue;
          const re = src ? wordRegex(src) : wordRegex(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
          expect(re.test(fixtures), `${lex.name}/${e.id} appears in corpora/annotated or the NegEx set`).toBe(true);
        }
      });
    });
  }
});

describe('hasNestedQuantifier', () => {
  it('flags (a+)+ and (\\s*x)* but not (?:\\.\\d+)? or (?:a|b)+', () => {
    expect(hasNestedQuantifier('(?:a+)+')).toBe(true);
    expect(hasNestedQuantifier('(?:\\s*x)*')).toBe(true);
    expect(hasNestedQuantifier('\\d+(?:\\.\\d+)?')).toBe(false);
    expect(hasNestedQuantifier('(?:ab|cd)+')).toBe(false);
  });
});
