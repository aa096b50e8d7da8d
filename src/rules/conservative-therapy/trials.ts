// What the conservative-therapy rules share: the trials of conservative therapy a reviewer would read for a
// procedure claim. Payers review the record, not one page: the consult that documented eight weeks of
// physical therapy supports the injection done a month later, so the patient's earlier notes count.
import { z } from 'zod';
import type { TherapyMention } from '../../facts.js';
import type { Evidence } from '../../findings.js';
import type { NoteContext } from '../types.js';

/** One documented trial of conservative therapy and the note it is written in. */
export interface Trial {
  noteId: string;
  /** The note's date (ISO), when given. */
  date: string | undefined;
  fact: TherapyMention;
}

/** The option every conservative-therapy rule takes. */
export const priorNotesOption = {
  /** Count trials documented in the patient's earlier notes (analyzeHistory) as well as in this note. */
  includePriorNotes: z.boolean().default(true),
};

/**
 * The trials of conservative therapy documented in the note and, with `includePriorNotes`, in the patient's
 * earlier notes. Only a therapy the patient has had or has (`tried`, `current`) is a trial: a plan, a
 * refusal or a denied history ("has not tried PT") is not.
 *
 * @example
 * trialsOf({ note, prior: [] }, true); // [{ noteId: 'n1', date: '2025-06-02', fact: { modality: 'physical-therapy', status: 'tried', ... } }]
 */
export function trialsOf({ note, prior }: NoteContext, includePriorNotes: boolean): Trial[] {
  const out: Trial[] = [];
  for (const n of includePriorNotes ? [...prior, note] : [note]) {
    for (const fact of n.facts.therapy) if (fact.status === 'tried' || fact.status === 'current') out.push({ noteId: n.id, date: n.date, fact });
  }
  return out;
}

/** Evidence for trials, in their own notes, and the earlier notes they come from. */
export function trialEvidence(noteId: string, trials: readonly Trial[]): { evidence: Evidence[]; relatedNoteIds?: string[] } {
  const evidence = trials.map((t) => ({ noteId: t.noteId, start: t.fact.span.start, end: t.fact.span.end }));
  const related = [...new Set(trials.map((t) => t.noteId).filter((id) => id !== noteId))];
  return related.length ? { evidence, relatedNoteIds: related } : { evidence };
}

/** Payers' phrase for the modality, for messages. */
export function modalityName(modality: TherapyMention['modality']): string {
  return modality === 'unspecified' ? 'unspecified conservative care' : modality.replace(/-/g, ' ');
}
