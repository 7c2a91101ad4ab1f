import { afterEach, describe, expect, it, vi } from 'vitest';
import { LruCache } from '../../src/lru-cache.ts';

describe('LruCache', () => {
  afterEach(() => vi.useRealTimers());

  it('answers what it stored and counts the hit', () => {
    const l1 = new LruCache(2, 1000);
    l1.set('a', '{"v":1}');
    expect(l1.get('a')?.text).toBe('{"v":1}');
    expect([l1.hits, l1.misses]).toEqual([1, 0]);
  });

  it('evicts the least recently used entry, not the least recently stored', () => {
    const l1 = new LruCache(2, 1000);
    l1.set('a', 'A');
    l1.set('b', 'B');
    l1.get('a');
    l1.set('c', 'C');
    expect(l1.get('b')).toBeUndefined();
    expect(l1.get('a')?.text).toBe('A');
    expect(l1.evictions).toBe(1);
  });

  it('forgets an entry once its TTL has passed', () => {
    vi.useFakeTimers();
    const l1 = new LruCache(10, 500);
    l1.set('a', 'A');
    vi.advanceTimersByTime(499);
    expect(l1.get('a')).toBeDefined();
    vi.advanceTimersByTime(1);
    expect(l1.get('a')).toBeUndefined();
    expect(l1.size).toBe(0);
  });

  it('drops one entry on delete and all on clear', () => {
    const l1 = new LruCache(10, 1000);
    l1.set('a', 'A');
    l1.set('b', 'B');
    l1.delete('a');
    expect(l1.size).toBe(1);
    l1.clear();
    expect(l1.size).toBe(0);
  });
});
