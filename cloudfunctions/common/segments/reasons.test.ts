import fc from 'fast-check';
import spec from '../../../models/feature-spec.json';
import { reasonText, segmentReasonsAndFacts, storedReasons, type ReasonFact } from './reasons';

const names = spec.features.map((f) => f.name);
const vec = fc.array(fc.double({ min: -3, max: 400, noNaN: true }), { minLength: names.length, maxLength: names.length });

describe("a profile's reasons, stored as figures and worded on read", () => {
  it('words every stored fact exactly as the pass worded it (one wording, two places)', () => {
    fc.assert(
      fc.property(vec, vec, vec, vec, (raw, z, centre, typical) => {
        const { texts, facts } = segmentReasonsAndFacts(names, raw, z, centre, typical);
        expect(facts.map(reasonText)).toEqual(texts);
        // what the database hands back: JSON, no typed arrays, no undefined
        expect(storedReasons(JSON.parse(JSON.stringify(facts)), ['stale'])).toEqual(texts);
      }),
      { numRuns: 300 },
    );
  });

  it("says today's words, not the sentence a pass of an older wording stored", () => {
    const fact: ReasonFact = { f: 'frequency_30d', v: 3, t: 0.1, up: true };
    const old = ['近30天购买3次，高于一般客户（一般客户：近30天购买0.1次）'];
    expect(storedReasons([fact], old)).toEqual(['近30天购买3次，高于一般客户（一般客户：近30天购买不到1次）']);
  });

  it('falls back to the stored sentences when there are no figures or one does not read', () => {
    const old = ['近30天购买3次，高于一般客户（一般客户：近30天购买0.1次）'];
    expect(storedReasons(undefined, old)).toEqual(old);
    expect(storedReasons([{ f: 'frequency_30d', v: null, t: 0.1, up: true }], old)).toEqual(old);
    expect(storedReasons([{ f: 'no_such_feature', v: 1, t: 0.1, up: true }], old)).toEqual(old);
    expect(storedReasons(undefined, [1, '近30天购买3次'])).toEqual(['近30天购买3次']);
    expect(storedReasons(undefined, undefined)).toEqual([]);
  });
});
