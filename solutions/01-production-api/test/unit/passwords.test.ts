import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/passwords.ts';

describe('passwords', () => {
  test('a hash verifies its password only, and is salted', () => {
    const password = randomBytes(12).toString('base64url');
    const stored = hashPassword(password);
    expect(verifyPassword(password, stored)).toBe(true);
    expect(verifyPassword(`${password}x`, stored)).toBe(false);
    expect(hashPassword(password)).not.toBe(stored);
  });

  test('a malformed stored hash never verifies', () => {
    expect(verifyPassword('anything', 'not-a-hash')).toBe(false);
  });
});
