import { describe, expect, test } from 'vitest';
import { parseTask } from '../../src/task.ts';

describe('parseTask: a task, or poison with the reason it is dead-lettered with', () => {
  test('a work task with its fields', () => {
    const parsed = parseTask(JSON.stringify({ id: 't1', kind: 'work', durationMs: 20, priority: 9 }));
    expect(parsed).toEqual({ ok: true, task: { id: 't1', kind: 'work', durationMs: 20, priority: 9 } });
  });

  test('a body that is not JSON is invalid-json', () => {
    expect(parseTask('{"id":')).toMatchObject({ ok: false, reason: 'invalid-json' });
  });

  test('a task without id is missing-id, even when its kind is wrong too', () => {
    expect(parseTask(JSON.stringify({ kind: 'work' }))).toMatchObject({ ok: false, reason: 'missing-id' });
    expect(parseTask(JSON.stringify({ id: '', kind: 'explode' }))).toMatchObject({ ok: false, reason: 'missing-id' });
  });

  test('an unknown kind is unknown-kind', () => {
    expect(parseTask(JSON.stringify({ id: 'x', kind: 'explode' }))).toMatchObject({
      ok: false,
      reason: 'unknown-kind',
    });
  });

  test('out-of-range fields and non-objects are invalid-task', () => {
    expect(parseTask(JSON.stringify({ id: 'x', kind: 'work', priority: 12 }))).toMatchObject({
      ok: false,
      reason: 'invalid-task',
    });
    expect(parseTask('[1,2]')).toMatchObject({ ok: false, reason: 'invalid-task' });
  });
});
