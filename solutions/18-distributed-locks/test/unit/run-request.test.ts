import { describe, expect, it } from 'vitest';
import { BadRequest, parseRunRequest } from '../../src/run-request.ts';

describe('POST /run body', () => {
  it('fills in the defaults of an empty body', () => {
    expect(parseRunRequest('')).toEqual({ lock: 'default', iterations: 1, holdMs: 0, acquireTimeoutMs: 10_000 });
  });

  it('keeps what the caller sent, zero iterations included', () => {
    const body = { lock: 'orders', iterations: 0, holdMs: 4500, acquireTimeoutMs: 60_000 };
    expect(parseRunRequest(JSON.stringify(body))).toEqual(body);
  });

  it.each([
    ['{"lock":', /not JSON/],
    ['{"iterations":"many"}', /iterations/],
    ['{"iterations":-1}', /iterations/],
    ['{"holdMs":1e12}', /holdMs/],
    ['{"lock":42}', /lock/],
    ['[1,2]', /JSON object/],
  ])('refuses %s with a 400', (text, message) => {
    expect(() => parseRunRequest(text)).toThrow(BadRequest);
    expect(() => parseRunRequest(text)).toThrow(message);
  });
});
