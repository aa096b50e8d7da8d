// FHIR R4 DocumentReference → note. The text is a text/plain attachment, inline (base64 `data`) or a `url`
// to a Binary in the same bundle or NDJSON file. Other content (PDF, HTML, CDA) is rejected, not guessed at:
// text pulled out of markup would shift the evidence offsets away from what a reviewer sees.
import type { Readable } from 'node:stream';
import { errorAt, type InputItem, type Position } from '../notes.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

const CPT_SYSTEM = 'http://www.ama-assn.org/go/cpt';
// FHIR base64Binary; whitespace is removed first. Fixed-width groups: linear to match.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

interface Content {
  contentType: string | undefined;
  data: unknown;
}

/** Decodes a text/plain attachment, or returns the reason it cannot be read (names fields, never content). */
function decode(content: Content, field: string): { text: string } | { reason: string } {
  const type = content.contentType;
  if (type === undefined) return { reason: `${field}.contentType: missing` };
  const [mime = '', ...params] = type.split(';').map((p) => p.trim().toLowerCase());
  if (mime !== 'text/plain') return { reason: `${field}.contentType: ${mime} is not supported (text/plain only)` };
  if (typeof content.data !== 'string') return { reason: `${field}.data: missing` };
  const base64 = content.data.replace(/\s+/g, '');
  if (!BASE64.test(base64)) return { reason: `${field}.data: not valid base64` };
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '') ?? 'utf-8';
  try {
    return { text: new TextDecoder(charset, { fatal: true }).decode(Buffer.from(base64, 'base64')) };
  } catch {
    return { reason: `${field}.data: not decodable as ${charset}` };
  }
}

/**
 * Reads resources one at a time. A DocumentReference with inline data becomes a note at once; one that
 * points to a Binary waits for the end of the input, since the Binary may come later. Binaries are held in
 * memory until then.
 */
export class FhirCollector {
  private readonly binaries = new Map<string, Content>();
  private readonly waiting: { at: Position; resource: Json; url: string; field: string }[] = [];

  *accept(resource: unknown, at: Position, fullUrl?: string): Iterable<InputItem> {
    if (!isObject(resource)) {
      yield { kind: 'error', error: errorAt(at, 'resource: not a JSON object') };
      return;
    }
    const type = resource.resourceType;
    if (type === 'Bundle') {
      const entries = Array.isArray(resource.entry) ? resource.entry : [];
      for (const entry of entries) {
        if (isObject(entry)) yield* this.accept(entry.resource, at, str(entry.fullUrl));
        else yield { kind: 'error', error: errorAt(at, 'entry: not a JSON object') };
      }
      return;
    }
    if (type === 'Binary') {
      const content: Content = { contentType: str(resource.contentType), data: resource.data };
      const id = str(resource.id);
      if (id !== undefined) this.binaries.set(`Binary/${id}`, content);
      if (fullUrl !== undefined) this.binaries.set(fullUrl, content);
      return;
    }
    // Patients, encounters and the other resources of an export carry no note text.
    if (type !== 'DocumentReference') return;
    const id = str(resource.id) ?? fullUrl;
    if (resource.status === 'entered-in-error') {
      yield { kind: 'error', error: errorAt(at, 'status: entered-in-error (a retracted document is not scored)', id) };
      return;
    }
    const contents = Array.isArray(resource.content) ? resource.content : [];
    const attachments = contents.map((c, i) => ({ attachment: isObject(c) && isObject(c.attachment) ? c.attachment : undefined, field: `content[${i}].attachment` }));
    const plain = attachments.find((a) => str(a.attachment?.contentType)?.toLowerCase().startsWith('text/plain'));
    const chosen = plain ?? attachments.find((a) => a.attachment !== undefined && str(a.attachment.contentType) === undefined && str(a.attachment.url) !== undefined);
    if (!chosen?.attachment) {
      const types = attachments.map((a) => str(a.attachment?.contentType)).filter((t): t is string => t !== undefined);
      const reason = types.length > 0 ? `content: no text/plain attachment (found ${[...new Set(types)].join(', ')})` : 'content: no attachment';
      yield { kind: 'error', error: errorAt(at, reason, id) };
      return;
    }
    const url = str(chosen.attachment.url);
    if (chosen.attachment.data === undefined && url !== undefined) {
      this.waiting.push({ at, resource, url, field: chosen.field });
      return;
    }
    yield this.note(at, resource, id, decode({ contentType: str(chosen.attachment.contentType), data: chosen.attachment.data }, chosen.field));
  }

  /** The DocumentReferences that waited for their Binary. */
  *finish(): Iterable<InputItem> {
    for (const { at, resource, url, field } of this.waiting) {
      const binary = this.binaries.get(url) ?? this.binaries.get(url.slice(Math.max(0, url.lastIndexOf('Binary/'))));
      const id = str(resource.id);
      if (!binary) yield { kind: 'error', error: errorAt(at, `${field}.url: no Binary with that reference in the input`, id) };
      else yield this.note(at, resource, id, decode(binary, `${field}.url → Binary`));
    }
    this.waiting.length = 0;
    this.binaries.clear();
  }

  private note(at: Position, resource: Json, id: string | undefined, decoded: { text: string } | { reason: string }): InputItem {
    if ('reason' in decoded) return { kind: 'error', error: errorAt(at, decoded.reason, id) };
    const subject = isObject(resource.subject) ? resource.subject : {};
    const context = isObject(resource.context) ? resource.context : {};
    const period = isObject(context.period) ? context.period : {};
    const events = Array.isArray(context.event) ? context.event : [];
    const cpt = events
      .flatMap((e): unknown[] => (isObject(e) && Array.isArray(e.coding) ? e.coding : []))
      .filter((c): c is Json => isObject(c) && c.system === CPT_SYSTEM)
      .map((c) => c.code);
    return {
      kind: 'note',
      at,
      fields: {
        id,
        patientId: subject.reference,
        date: resource.date ?? period.start,
        text: decoded.text,
        ...(cpt.length > 0 ? { cpt } : {}),
      },
    };
  }
}

/**
 * A FHIR Bundle (or a single DocumentReference) as one JSON document. The whole document is parsed at once:
 * stream large exports as NDJSON instead. `line` of a record is its entry number.
 */
export async function* readFhirBundle(source: string, stream: Readable): AsyncIterable<InputItem> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    yield { kind: 'error', error: { source, line: 1, reason: 'malformed JSON (expected a FHIR Bundle)' } };
    return;
  }
  const collector = new FhirCollector();
  if (isObject(parsed) && parsed.resourceType === 'Bundle') {
    const entries = Array.isArray(parsed.entry) ? parsed.entry : [];
    for (let i = 0; i < entries.length; i++) {
      const entry: unknown = entries[i];
      const at: Position = { source, line: i + 1, unit: 'entry' };
      if (isObject(entry)) yield* collector.accept(entry.resource, at, str(entry.fullUrl));
      else yield { kind: 'error', error: errorAt(at, 'entry: not a JSON object') };
    }
  } else if (isObject(parsed) && parsed.resourceType === 'DocumentReference') {
    yield* collector.accept(parsed, { source, line: 1, unit: 'entry' });
  } else {
    yield { kind: 'error', error: { source, line: 1, reason: 'resourceType: expected Bundle or DocumentReference' } };
    return;
  }
  yield* collector.finish();
}
