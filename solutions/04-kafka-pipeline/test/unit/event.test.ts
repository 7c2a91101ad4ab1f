import { describe, expect, test } from 'vitest';
import { parseMessage, validateEvent } from '../../src/event.ts';

const view = {
  event_id: '6f1c2a4e-8b0d-4c1e-9f3a-2b5d7e9f1a3c',
  user_id: 'u-1',
  type: 'view',
  occurred_at: '2024-05-01T12:00:03.250Z',
};
const paths = (value: unknown) => {
  const parsed = validateEvent(value);
  return parsed.ok ? [] : parsed.issues.map((i) => i.path);
};

describe('validation of an event', () => {
  test('a valid view and a valid purchase pass', () => {
    expect(validateEvent(view).ok).toBe(true);
    expect(validateEvent({ ...view, type: 'purchase', amount: '1.50', currency: 'usd' }).ok).toBe(true);
  });

  test('each bad field is named by its path', () => {
    expect(paths({ ...view, event_id: 'nope' })).toEqual(['event_id']);
    expect(paths({ ...view, type: 'hover' })).toEqual(['type']);
    expect(paths({ ...view, occurred_at: 'yesterday' })).toEqual(['occurred_at']);
    expect(paths({ ...view, type: 'purchase' })).toEqual(['amount', 'currency']);
    expect(paths({ ...view, type: 'purchase', amount: '0.00', currency: 'EUR' })).toEqual(['amount']);
    expect(paths({ ...view, amount: '1.00' })).toEqual(['amount']);
    expect(paths({ ...view, ammount: '1.00' })).toEqual(['ammount']);
  });

  test('a Kafka value that is not JSON is refused like a schema failure', () => {
    const parsed = parseMessage(Buffer.from('{not json'));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(/not JSON/);
    expect(parseMessage(null).ok).toBe(false);
    expect(parseMessage(Buffer.from(JSON.stringify(view))).ok).toBe(true);
  });
});
