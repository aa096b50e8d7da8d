import type { Span } from '../facts.js';

// Template boxes: "[ ]", "[x]", "[X]", "[✓]", "☐", "☑", "☒". A box stands right before its label ("[x] Transforaminal
// ESI") or right after it ("Fluoroscopy [ ]"). A label between two boxes takes the nearer one: in "[ ] ILESI  [x]
// TFESI" and "Ultrasound [x]  Fluoroscopy [ ]" the farther box is the neighbouring label's.
const BOX_BEFORE = /(?:\[\s{0,2}([xX✓✔*])?\s{0,2}\]|([☐□])|([☑☒✅]))(\s{0,3})$/u;
const BOX_AFTER = /^(\s{0,3})(?::\s{0,2})?(?:\[\s{0,2}([xX✓✔*])?\s{0,2}\]|([☐□])|([☑☒✅]))/u;

/**
 * Whether a template check box stands next to a label, and whether it is ticked: 'checked', 'unchecked', or
 * undefined when there is no box. An unchecked box offers an option the note did not choose, so what it
 * labels is no fact.
 * @example
 * checkBoxAt('[ ] Interlaminar ESI  [x] Transforaminal ESI', { start: 4, end: 20 }); // 'unchecked'
 * checkBoxAt('Ultrasound [x]  Fluoroscopy [ ]', { start: 16, end: 27 }); // 'unchecked'
 */
export function checkBoxAt(text: string, span: Span): 'checked' | 'unchecked' | undefined {
  const before = BOX_BEFORE.exec(text.slice(Math.max(0, span.start - 12), span.start));
  const after = BOX_AFTER.exec(text.slice(span.end, span.end + 12));
  if (after && (!before || (after[1] ?? '').length < (before[4] ?? '').length)) return after[2] !== undefined || after[4] !== undefined ? 'checked' : 'unchecked';
  if (before) return before[1] !== undefined || before[3] !== undefined ? 'checked' : 'unchecked';
  return undefined;
}
