import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import '../src/index.js';
import { entrySource, registeredLexicons, TermMatcher, type MatchableEntry } from '../src/lexicon.js';
import { prepare } from '../src/pipeline/prepare.js';

type Entry = { id: string; terms?: string[]; pattern?: string; startsWith?: string[] };

function find(entries: Entry[], text: string, from?: number, to?: number): string[] {
  const doc = prepare(text);
  return new TermMatcher(entries).matches(doc.lower, doc.tokens, from, to).map((m) => `${m.entry.id}:${text.slice(m.start, m.end)}`);
}

describe('TermMatcher', () => {
  it('prefers the longest term at a token and never overlaps matches', () => {
    const text = 'Completed physical therapy and PT.';
    expect(find([{ id: 'pt', terms: ['physical', 'physical therapy', 'PT'] }, { id: 'therapy', terms: ['therapy'] }], text), text).toEqual(['pt:physical therapy', 'pt:PT']);
  });

  it("reads a term's hyphen as a hyphen, a space or nothing ('post-op')", () => {
    const text = 'Post-op 2/10, post op 3/10, postop 1/10.';
    expect(find([{ id: 'post', terms: ['post-op'] }], text), text).toEqual(['post:Post-op', 'post:post op', 'post:postop']);
  });

  it('tries a pattern only at its startsWith words, and one without them at every token', () => {
    const text = 'Pain 7/10 before the injection, 2/10 30 minutes after.';
    const entries = [
      { id: 'before', pattern: 'before\\s+the\\s+injection', startsWith: ['before'] },
      { id: 'after', pattern: '\\d{1,3}\\s+minutes\\s+after' },
    ];
    expect(find(entries, text), text).toEqual(['before:before the injection', 'after:30 minutes after']);
  });

  it('tries a pattern before a term at the same token, as one alternation would', () => {
    const text = 'Pain at rest and with walking.';
    expect(find([{ id: 'term', terms: ['at rest and with walking'] }, { id: 'pattern', pattern: 'at\\s+rest', startsWith: ['at'] }], text), text).toEqual(['pattern:at rest']);
  });

  it('matches a range as if it were the whole text', () => {
    const text = 'Pain 2/10 at rest and 6/10 with activity.';
    const end = text.indexOf(' and');
    expect(find([{ id: 'rest', terms: ['at rest', 'at rest and'] }], text, 0, end), text).toEqual(['rest:at rest']);
  });

  it('does not match a word the range end cuts short', () => {
    const text = 'Nothing to add.';
    expect(find([{ id: 'nothing', terms: ['nothing'] }], text, 0, 4), text).toEqual([]);
    expect(find([{ id: 'nothing', terms: ['nothing'] }], text), text).toEqual(['nothing:Nothing']);
  });

  // The definition TermMatcher must keep while it skips tokens, compares literal terms by hand and starts
  // after the word it looked up: the leftmost match of one alternation of all phrases, patterns first,
  // longest first, word-bounded.
  it('finds what one alternation of the lexicon finds, for every lexicon on every MTSamples text', () => {
    const texts = [...new Set(readFileSync('corpora/mtsamples-pain.jsonl', 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { text: string }).text))];
    const docs = texts.map((t) => prepare(t));
    for (const lexicon of registeredLexicons()) {
      const entries = (lexicon.entries as readonly (MatchableEntry & { id: string })[]).filter((e) => e.terms ?? e.pattern);
      if (!entries.length) continue;
      const alternatives: { src: string; len: number }[] = [];
      for (const e of entries) {
        for (const t of e.terms ?? []) alternatives.push({ src: entrySource({ terms: [t] }), len: t.length });
        if (e.pattern) alternatives.push({ src: e.pattern, len: 1000 + e.pattern.length });
      }
      alternatives.sort((a, b) => b.len - a.len);
      const one = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.map((a) => `(?:${a.src})`).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
      const matcher = new TermMatcher(entries);
      docs.forEach((doc, k) => {
        const got = matcher.matches(doc.lower, doc.tokens).map((m) => `${m.start}-${m.end}`);
        const want = [...doc.lower.matchAll(one)].filter((m) => m[0].length > 0).map((m) => `${m.index}-${m.index + m[0].length}`);
        expect(got, `${lexicon.name} on MTSamples text ${k}`).toEqual(want);
      });
    }
  });
});
