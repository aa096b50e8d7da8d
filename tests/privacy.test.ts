import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import lib from './lib.js';

// Patient data: the library never prints, never touches the network or the file system at call time.
const notes = readFileSync(join('corpora', 'mtsamples-pain.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .slice(0, 60)
  .map((l) => (JSON.parse(l) as { text: string }).text);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('privacy', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('prints nothing to the console, stdout or stderr while extracting facts from real notes', () => {
    const spies = [
      vi.spyOn(console, 'log'),
      vi.spyOn(console, 'info'),
      vi.spyOn(console, 'warn'),
      vi.spyOn(console, 'error'),
      vi.spyOn(console, 'debug'),
      vi.spyOn(process.stdout, 'write'),
      vi.spyOn(process.stderr, 'write'),
    ];
    for (const text of notes) {
      const doc = lib.prepare(text);
      lib.extractPainScores(doc);
      lib.extractPainRelief(doc);
      lib.extractFunctionalStatements(doc);
      lib.extractConservativeTherapy(doc);
    }
    for (const s of spies) expect(s, 'no output while processing notes').not.toHaveBeenCalled();
  });

  it('imports no network, file-system or process modules in src/', () => {
    for (const file of sourceFiles('src')) {
      const code = readFileSync(file, 'utf8');
      expect(code, `${file} imports`).not.toMatch(/from ['"](?:node:)?(?:fs|fs\/promises|net|http|https|http2|dgram|tls|child_process|dns)['"]/);
      expect(code, `${file} uses fetch or console`).not.toMatch(/\bfetch\(|\bconsole\.|XMLHttpRequest|WebSocket/);
    }
  });
});
