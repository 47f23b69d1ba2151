import { describe, expect, it } from 'vitest';
import type { EngineInputs, ErrorReport } from './bindings';
import { fieldOf, formOf, inputsOf } from './analystInputs';

const stored: EngineInputs = {
  case: null,
  chosen_option: null,
  expected_transition: 'Negative',
  holistic: { notches: 1, rationale: 'stronger franchise' },
  above_sovereign_stress_passed: false,
  liquidity_alternative: true,
};

describe('analyst inputs form', () => {
  it('round-trips stored inputs through the form unchanged', () => {
    const back = inputsOf(formOf(stored));
    expect(back).toEqual({ inputs: stored });
  });

  it('passes an out-of-range holistic adjustment to the engine to judge (N-5 is its rule)', () => {
    const form = { ...formOf(stored), holisticNotches: '+5' };
    expect(inputsOf(form)).toEqual({ inputs: { ...stored, holistic: { notches: 5, rationale: 'stronger franchise' } } });
    expect(inputsOf({ ...form, holisticNotches: '−2' })).toMatchObject({ inputs: { holistic: { notches: -2 } } });
  });

  it('refuses notches that are not a whole number, naming the field and keeping the text', () => {
    const form = { ...formOf(stored), holisticNotches: '1.5' };
    expect(inputsOf(form)).toEqual({ problem: { field: 'holisticNotches', value: '1.5' } });
    expect(form.holisticNotches).toBe('1.5');
  });

  it('keeps a rationale typed without notches, and empty text means none', () => {
    const empty = { ...formOf(stored), holisticNotches: '', holisticRationale: '', transition: '' as const, chosenOption: '  ' };
    expect(inputsOf(empty)).toMatchObject({ inputs: { holistic: null, expected_transition: null, chosen_option: null } });
    expect(inputsOf({ ...empty, holisticRationale: 'why' })).toMatchObject({ inputs: { holistic: { notches: 0, rationale: 'why' } } });
  });

  it('places an engine refusal next to the field it names', () => {
    const report = (field: string | null): ErrorReport => ({
      code: 'national.holistic-range', field, value: '5', accepted: '-3…+3', path: null, rule: 'N-5', message: 'N-5: …', problems: [],
    });
    expect(fieldOf(report('holistic.notches'))).toBe('holisticNotches');
    expect(fieldOf(report('holistic.rationale'))).toBe('holisticRationale');
    expect(fieldOf(report('chosen_option'))).toBe('chosenOption');
    expect(fieldOf(report('issues[0].recovery'))).toBeNull();
  });
});
