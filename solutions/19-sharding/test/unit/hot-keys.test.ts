import { describe, expect, test } from 'vitest';
import { HotKeyCache, HotKeyDetector } from '../../src/hot-keys.ts';

describe('HotKeyDetector', () => {
  test('finds the keys with a large share of requests, most requested first', () => {
    const detector = new HotKeyDetector(60_000);
    for (let i = 0; i < 2000; i++) {
      detector.seen(`cold:${i}`);
      if (i % 4 === 0) detector.seen('hot:a');
      if (i % 5 === 0) detector.seen('hot:b');
    }
    expect(detector.list()).toEqual([
      { key: 'hot:a', count: 500 },
      { key: 'hot:b', count: 400 },
    ]);
    expect(detector.isHot('hot:a')).toBe(true);
    expect(detector.isHot('cold:1')).toBe(false);
  });
});

describe('HotKeyCache', () => {
  test('a read that started before a write cannot put the old value back', () => {
    const cache = new HotKeyCache<string>();
    const generation = cache.generation('k');
    cache.invalidate('k');
    cache.set('k', 'old', generation);
    expect(cache.get('k')).toBeUndefined();
    cache.set('k', 'new', cache.generation('k'));
    expect(cache.get('k')).toBe('new');
  });
});
