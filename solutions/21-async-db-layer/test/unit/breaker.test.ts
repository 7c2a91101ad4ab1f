import { describe, expect, test } from 'vitest';
import { CircuitBreaker } from '../../src/breaker.ts';

const clock = () => {
  let now = 1_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
};

describe('CircuitBreaker', () => {
  test('opens after the threshold of consecutive failures, not before', () => {
    const breaker = new CircuitBreaker(3, 1000);
    breaker.onFailure();
    breaker.onFailure();
    expect(breaker.tryAcquire()).toBe(true);
    breaker.onFailure();
    expect(breaker.status().state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
  });

  test('a success resets the count of failures', () => {
    const breaker = new CircuitBreaker(2, 1000);
    breaker.onFailure();
    breaker.onSuccess();
    breaker.onFailure();
    expect(breaker.status().state).toBe('closed');
  });

  test('after the cooldown exactly one probe goes through; its success closes the breaker', () => {
    const time = clock();
    const breaker = new CircuitBreaker(1, 500, time.now);
    breaker.onFailure();
    time.advance(500);
    expect(breaker.status().state).toBe('half_open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.onSuccess();
    expect(breaker.status().state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  test('a failed probe opens it again for another cooldown', () => {
    const time = clock();
    const breaker = new CircuitBreaker(1, 500, time.now);
    breaker.onFailure();
    time.advance(600);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.onFailure();
    expect(breaker.tryAcquire()).toBe(false);
    time.advance(499);
    expect(breaker.tryAcquire()).toBe(false);
  });
});
