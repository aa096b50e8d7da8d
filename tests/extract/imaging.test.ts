import { describe, expect, it } from 'vitest';
import { checked } from '../checked.js';
import lib from '../lib.js';

const { extractImagingGuidance, prepare, ImagingGuidanceSchema } = lib;

const guidance = checked(extractImagingGuidance, ImagingGuidanceSchema);

describe('extractImagingGuidance', () => {
  it('reads modality, contrast, levels, views and retention from one paragraph', () => {
    const text = 'Under fluoroscopic guidance, contrast confirmed epidural spread at L5-S1. AP and lateral images were saved to PACS.';
    expect(guidance(text), text).toEqual([
      { modality: 'fluoroscopy', contrast: true, levelsVisualized: ['L5-S1'], imageRetained: true, views: 2, viewNames: ['ap', 'lateral'], span: { start: 6, end: 27 }, text: 'fluoroscopic guidance' },
    ]);
  });

  it('reads ultrasound and CT guidance, but not diagnostic ultrasound or CT', () => {
    expect(guidance('Ultrasound-guided right genicular nerve blocks.').map((g) => g.modality), 'ultrasound').toEqual(['ultrasound']);
    expect(guidance('CT-guided left L5-S1 transforaminal injection.').map((g) => g.modality), 'ct').toEqual(['ct']);
    for (const text of ['Renal ultrasound showed no hydronephrosis.', 'CT scan of the abdomen was unremarkable.', 'MRI with and without contrast showed a disc herniation.']) {
      expect(guidance(text), text).toEqual([]);
    }
  });

  it("lends a separate 'EPIDUROGRAM:' or 'Images saved' paragraph to the guidance mention before it", () => {
    const text = 'PROCEDURE: Left L5-S1 TFESI under fluoroscopic guidance.\nEPIDUROGRAM: 1 mL Omnipaque showed spread along the L5 nerve root.\nImages were saved to PACS.';
    const [g, ...rest] = guidance(text);
    expect(rest, text).toEqual([]);
    expect(g, text).toMatchObject({ contrast: true, imageRetained: true, levelsVisualized: ['L5-S1', 'L5'] });
  });

  it('keeps contrast and retention of another paragraph with its own guidance mention apart', () => {
    const text = 'The patient was placed prone on the fluoroscopy table.\nUnder fluoroscopic guidance the L4-5 facet was entered and 0.2 mL of contrast gave an arthrogram.';
    expect(guidance(text).map((g) => g.contrast), text).toEqual([false, true]);
  });

  it('does not count negated contrast, contrast allergies, risk lists or unsaved images', () => {
    for (const text of [
      'Under fluoroscopic guidance the needle was placed. No contrast was used because of a contrast allergy.',
      'Risks include reactions to contrast agents. Under fluoroscopic guidance the needle was placed.',
      'Under fluoroscopy the needle was placed, and contrast was not injected.',
      'Under fluoroscopic guidance the injection was completed. Images were not saved.',
    ]) {
      const [g] = guidance(text);
      expect([g?.contrast, g?.imageRetained], text).toEqual([false, false]);
    }
  });

  it('reports no guidance that is negated or planned', () => {
    for (const text of ['Lumbar epidural steroid injection without fluoroscopy.', 'PLAN: Right L4-5 TFESI under fluoroscopic guidance.', 'Ultrasound was used. Fluoroscopy was not needed.']) {
      expect(guidance(text).filter((g) => g.modality === 'fluoroscopy'), text).toEqual([]);
    }
  });

  it('accepts a prepared document and gives the same facts as the string', () => {
    const text = 'With fluoroscopy the needle was advanced. Multiple fluoroscopic views were used.';
    expect(guidance(text), text).toEqual(extractImagingGuidance(prepare(text)));
    expect(guidance(text).length, text).toBe(2);
  });
});
