import { describe, expect, it } from 'vitest';
import { errorText } from './ipc';

describe('errorText', () => {
  it('shows a back-end string error as sent', () => {
    expect(errorText('Command global_scale not allowed by ACL')).toBe('Command global_scale not allowed by ACL');
  });
  it('reads the message of structured errors', () => {
    expect(errorText({ message: 'field global: unknown symbol', rule: 'N-3' })).toBe('field global: unknown symbol');
    expect(errorText(new Error('boom'))).toBe('boom');
  });
  it('never returns an empty text for odd values', () => {
    expect(errorText(undefined)).toBe('undefined');
    expect(errorText(42)).toBe('42');
  });
});
