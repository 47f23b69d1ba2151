// Typed wrappers over the Tauri commands. The types come from Rust (bindings.ts); the UI
// holds no rating logic, it only displays what the commands return.
import { invoke } from '@tauri-apps/api/core';
import type { ScaleOverview } from './bindings';

export const api = {
  globalScale: (): Promise<ScaleOverview> => invoke<ScaleOverview>('global_scale'),
};

/** The text to show for a failed command: the message the back end sent, or the error's own. */
export function errorText(err: unknown): string {
  if (typeof err === 'string') return err;
  if (err && typeof err === 'object' && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}
