// Measures the label guarantees of the generated histories (Jaccard per label) and the note lengths and
// speed of generateNotes; the figures go into the header of generate.ts and README.md.
// Run: npx tsx scripts/measure-histories.ts [seed] [patients]
import { jaccard, shingles } from '../src/similarity/index.js';
import { generateHistories, generateNotes } from '../corpora/histories/generate.js';

const seed = Number(process.argv[2] ?? 1);
const patients = Number(process.argv[3] ?? 400);
const t0 = performance.now();
const histories = generateHistories({ seed, patients });
const ms = performance.now() - t0;
const stats = new Map<string, { n: number; min: number; max: number }>();
function add(key: string, v: number): void {
  const s = stats.get(key) ?? { n: 0, min: Infinity, max: -Infinity };
  s.n++;
  s.min = Math.min(s.min, v);
  s.max = Math.max(s.max, v);
  stats.set(key, s);
}
let notes = 0;
for (const h of histories) {
  const sets = h.notes.map((n) => shingles(n.text));
  const index = new Map(h.notes.map((n, i) => [n.id, i]));
  h.notes.forEach((n, i) => {
    notes++;
    if (n.label.kind === 'clone') add('clone: J to source', jaccard(sets[i]!, sets[index.get(n.label.from)!]!));
    else {
      let m = 0;
      for (let j = 0; j < i; j++) m = Math.max(m, jaccard(sets[i]!, sets[j]!));
      if (i > 0) add(`${n.label.kind}: max J to earlier`, m);
      if (n.label.kind === 'partial-edit') add('partial-edit: J to source', jaccard(sets[i]!, sets[index.get(n.label.from)!]!));
    }
  });
}
console.log(`generateHistories seed ${seed}: ${patients} patients, ${notes} notes in ${ms.toFixed(0)} ms`);
for (const [k, s] of [...stats].sort()) console.log(`  ${k.padEnd(30)} n=${String(s.n).padStart(5)} min=${s.min.toFixed(3)} max=${s.max.toFixed(3)}`);

const count = 200_000;
// Wall time and CPU time: on a shared machine the CPU time is the steadier figure.
const t1 = performance.now();
const c1 = process.cpuUsage();
let chars = 0;
let min = Infinity;
let max = 0;
for (const n of generateNotes({ count, seed })) {
  chars += n.text.length;
  min = Math.min(min, n.text.length);
  max = Math.max(max, n.text.length);
}
const s = (performance.now() - t1) / 1000;
const cpu = process.cpuUsage(c1);
const cpuS = (cpu.user + cpu.system) / 1e6;
console.log(
  `generateNotes: ${count} notes, mean ${(chars / count).toFixed(0)} chars (min ${min}, max ${max}), ${Math.round(count / s)} notes/s wall, ${Math.round(count / cpuS)} notes/s CPU`,
);

// generateNotes skips the redraw: how often would its construction-only labels break the guarantees?
const byPatient = new Map<string, { id: string; kind: string; from?: string; set: Uint32Array }[]>();
for (const n of generateNotes({ count: 20_000, seed })) {
  const list = byPatient.get(n.patientId) ?? [];
  list.push({ id: n.id, kind: n.label.kind, ...(n.label.kind === 'original' ? {} : { from: n.label.from }), set: shingles(n.text) });
  byPatient.set(n.patientId, list);
}
let checked = 0;
let broken = 0;
let worstClone = 1;
let worstFresh = 0;
for (const list of byPatient.values()) {
  list.forEach((n, i) => {
    checked++;
    if (n.kind === 'clone') {
      const j = jaccard(n.set, list.find((m) => m.id === n.from)!.set);
      worstClone = Math.min(worstClone, j);
      if (j < 0.88) broken++;
    } else {
      let m = 0;
      for (let k = 0; k < i; k++) m = Math.max(m, jaccard(n.set, list[k]!.set));
      worstFresh = Math.max(worstFresh, m);
      if (m >= 0.8) broken++;
    }
  });
}
console.log(`generateNotes labels (no redraw), first 20,000 notes: ${broken} of ${checked} break the test bounds; clone min J ${worstClone.toFixed(3)}, original/partial-edit max J ${worstFresh.toFixed(3)}`);
