import { describe, expect, it } from 'vitest';
import { BadRequest, checkPutBody, itemId, parseInvalidate } from '../../src/requests.ts';

describe('request validation', () => {
  it('reads the ids of an invalidation', () => {
    expect(parseInvalidate('{"ids":["a","b"]}')).toEqual(['a', 'b']);
  });

  it.each([
    ['{"ids":', /not JSON/],
    ['{"ids":"a"}', /body must be/],
    ['{"ids":[1,{"x":2}]}', /body must be/],
    ['{"ids":[]}', /1–1000 ids/],
    [JSON.stringify({ ids: Array.from({ length: 1001 }, (_, i) => `id-${i}`) }), /1–1000 ids/],
  ])('refuses the invalidation %s', (body, message) => {
    expect(() => parseInvalidate(body)).toThrow(BadRequest);
    expect(() => parseInvalidate(body)).toThrow(message);
  });

  it('passes a PUT body on as the exact text it received', () => {
    const text = '{"value": "ü", "big": 12345678901234567890}';
    expect(checkPutBody(text)).toBe(text);
  });

  it.each(['[1]', 'null', '{"other":1}', 'value=1'])('refuses the PUT body %s', (body) => {
    expect(() => checkPutBody(body)).toThrow(BadRequest);
  });

  it('decodes an item id and refuses a broken escape', () => {
    expect(itemId('caf%C3%A9')).toBe('café');
    expect(() => itemId('%E0%A4%A')).toThrow(BadRequest);
  });
});
