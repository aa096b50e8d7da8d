import { describe, expect, it } from 'vitest';
import { checked } from '../checked.js';
import lib from '../lib.js';

const { extractImagingGuidance, prepare, ImagingGuidanceSchema } = lib;

const guidance = checked(extractImagingGuidance, ImagingGuidanceSchema);

describe('extractImagingGuidance', () => {
  it('reads only the ticked modality of a template and ignores unchecked ones', () => {
    const text = 'Imaging guidance: Ultrasound [x]  Fluoroscopy [ ]  CT [ ]';
    expect(guidance(text).map((g) => g.modality), text).toEqual(['ultrasound']);
  });

  it('reads the C-arm named with a guidance statement as the same mention, and a risk list as none', () => {
    const text = 'The facets were marked under fluoroscopic control by rotating the C-arm obliquely.';
    expect(guidance(text).map((g) => g.text), text).toEqual(['fluoroscopic control by rotating the C-arm']);
    const risks = 'Risks reviewed, including radiation exposure from fluoroscopy and allergic reaction to contrast dye.';
    expect(guidance(risks), risks).toEqual([]);
  });

  it('does not count injectate spread under ultrasound as contrast, but does under fluoroscopy', () => {
    const us = 'Under US guidance, spread of injectate within the capsule was visualized.';
    expect(guidance(us).map((g) => g.contrast), us).toEqual([false]);
    const fl = 'Under fluoroscopy, spread of injectate outlined the L5 nerve root.';
    expect(guidance(fl).map((g) => g.contrast), fl).toEqual([true]);
  });

  it("voids retention when the sentence says images were not saved, and reads 'Images saved: N' as not saved", () => {
    for (const text of ['Images were not saved due to a PACS outage. Fluoroscopy was used.', 'Imaging: fluoro. Contrast: Y (Omnipaque). Images saved: N.']) {
      expect(guidance(text).map((g) => g.imageRetained), text).toEqual([false]);
    }
    const saved = 'Under fluoroscopic guidance the leads were placed. Images of the final lead position were saved.';
    expect(guidance(saved).map((g) => g.imageRetained), saved).toEqual([true]);
  });

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
