// The analyst's inputs form of the issuer detail: what was typed, as text, and the
// engine's input built from it. Whether a value is accepted (the holistic range, the
// options, the sovereign) is decided by the engine when saving; the form only turns text
// into the shape the command takes and says which field a refusal concerns.
import type { EngineInputs, ErrorReport, Outlook } from './bindings';

export const TRANSITIONS: Outlook[] = ['Stable', 'Positive', 'Negative', 'Developing'];

/** The form's fields, as typed. */
export interface InputsForm {
  chosenOption: string;
  transition: Outlook | '';
  holisticNotches: string;
  holisticRationale: string;
  stressPassed: boolean;
  liquidityAlternative: boolean;
}

export type FormField = keyof InputsForm;

/** The form showing stored (or default) inputs. */
export function formOf(inputs: EngineInputs): InputsForm {
  return {
    chosenOption: inputs.chosen_option ?? '',
    transition: inputs.expected_transition ?? '',
    holisticNotches: inputs.holistic ? String(inputs.holistic.notches) : '',
    holisticRationale: inputs.holistic?.rationale ?? '',
    stressPassed: inputs.above_sovereign_stress_passed,
    liquidityAlternative: inputs.liquidity_alternative,
  };
}

/** A typed value that is not of the field's shape (before any rule is asked). */
export interface ShapeProblem {
  field: FormField;
  value: string;
}

/**
 * The engine's input from the form: empty text is "none"; the notches must be a whole
 * number (written with an optional sign). A rationale typed without notches keeps the
 * rationale with zero notches, so nothing typed is dropped.
 */
export function inputsOf(form: InputsForm): { inputs: EngineInputs } | { problem: ShapeProblem } {
  const notchesText = form.holisticNotches.trim().replace(/^\u2212/, '-');
  const rationale = form.holisticRationale;
  let holistic: EngineInputs['holistic'] = null;
  if (notchesText !== '' || rationale.trim() !== '') {
    if (notchesText !== '' && !/^[+-]?\d{1,3}$/.test(notchesText)) {
      return { problem: { field: 'holisticNotches', value: form.holisticNotches } };
    }
    holistic = { notches: notchesText === '' ? 0 : Number.parseInt(notchesText, 10), rationale };
  }
  const option = form.chosenOption.trim();
  return {
    inputs: {
      case: null,
      chosen_option: option === '' ? null : option,
      expected_transition: form.transition === '' ? null : form.transition,
      holistic,
      above_sovereign_stress_passed: form.stressPassed,
      liquidity_alternative: form.liquidityAlternative,
    },
  };
}

/** The form field an engine refusal names (`holistic.notches` → the notches field). */
export function fieldOf(report: ErrorReport): FormField | null {
  switch (report.field) {
    case 'holistic.notches':
      return 'holisticNotches';
    case 'holistic.rationale':
      return 'holisticRationale';
    case 'chosen_option':
      return 'chosenOption';
    case 'expected_transition':
      return 'transition';
    default:
      return null;
  }
}
