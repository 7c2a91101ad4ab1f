import { query } from '../services/postgres-service.ts';
import { lab } from './grader-kit.ts';

export interface FreshDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * A database of its own for one criterion, on the run's Postgres: criteria run two at a time, and
 * one criterion's rows (or rate-limit users, or schema migrations) must not leak into another's.
 * Drop it in an afterAll; the run's own database and container go at teardown anyway.
 */
export async function freshDatabase(suffix: string): Promise<FreshDatabase> {
  const service = lab().services.find((s) => s.name === 'postgres');
  if (!service)
    throw new Error('this run has no postgres service: declare "postgres" in the services of exercise.json');
  const base = new URL(service.url);
  const name = `${base.pathname.slice(1)}_${suffix}`.toLowerCase();
  await query(service.url, `CREATE DATABASE "${name}"`);
  const url = new URL(service.url);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => query(service.url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {}),
  };
}
