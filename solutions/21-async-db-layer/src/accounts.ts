import type { Database, Run, Statement } from './db.ts';
import type { Target } from './pools.ts';
import { notFound, Problem } from './problem.ts';

/** Every statement touching tenant data is `scoped`: the tenant is $1, added by the database layer. */
const SQL = {
  insert: {
    name: 'account-insert',
    text: 'INSERT INTO accounts (tenant_id, balance) VALUES ($1, $2) RETURNING id, balance',
    scoped: true,
  },
  byId: {
    name: 'account-by-id',
    text: 'SELECT id, balance FROM accounts WHERE tenant_id = $1 AND id = $2',
    scoped: true,
  },
  lock: {
    name: 'accounts-lock',
    text: 'SELECT id FROM accounts WHERE tenant_id = $1 AND id = ANY($2::int[]) ORDER BY id FOR UPDATE',
    scoped: true,
  },
  move: {
    name: 'account-move',
    text: 'UPDATE accounts SET balance = balance + $3 WHERE tenant_id = $1 AND id = $2',
    scoped: true,
  },
  record: {
    name: 'transfer-insert',
    text: 'INSERT INTO transfers (tenant_id, from_id, to_id, amount) VALUES ($1, $2, $3, $4) RETURNING id',
    scoped: true,
  },
  report: {
    name: 'account-report',
    text: `SELECT a.id, a.balance,
              (SELECT count(*)::int FROM transfers t WHERE t.tenant_id = $1 AND (t.from_id = a.id OR t.to_id = a.id)) AS transfers,
              (SELECT COALESCE(sum(t.amount), 0)::int FROM transfers t WHERE t.tenant_id = $1 AND t.to_id = a.id) AS received,
              (SELECT COALESCE(sum(t.amount), 0)::int FROM transfers t WHERE t.tenant_id = $1 AND t.from_id = a.id) AS sent,
              (SELECT true FROM pg_sleep($3::float8 / 1000)) AS delayed
         FROM accounts a WHERE a.tenant_id = $1 AND a.id = $2`,
    scoped: true,
  },
} satisfies Record<string, Statement>;

export interface Account {
  readonly id: number;
  readonly balance: number;
}

export interface Transfer {
  readonly from: number;
  readonly to: number;
  readonly amount: number;
}

export class Accounts {
  constructor(private readonly db: Database) {}

  async create(balance: number) {
    const { result, lsn } = await this.db.transaction(async (run) => (await run<Account>(SQL.insert, [balance]))[0]);
    return { account: result as Account, lsn };
  }

  async read(id: number, target: Target): Promise<Account> {
    const [account] = await this.db.query<Account>(target, SQL.byId, [id]);
    if (!account) throw notFound(`account ${id}`);
    return account;
  }

  async report(id: number, delayMs: number) {
    const [row] = await this.db.query('replica', SQL.report, [id, delayMs]);
    if (!row) throw notFound(`account ${id}`);
    const { delayed: _delayed, ...report } = row;
    return report;
  }

  /** Transfers in one transaction: every account locked first in id order, then all the moves. */
  async transfer(transfers: readonly Transfer[]) {
    return this.db.transaction(async (run) => {
      const ids = [...new Set(transfers.flatMap((t) => [t.from, t.to]))];
      const locked = await run<{ id: number }>(SQL.lock, [ids]);
      const missing = ids.filter((id) => !locked.some((row) => row.id === id));
      if (missing.length > 0) throw notFound(`account ${missing.join(', ')}`);
      for (const transfer of transfers) await move(run, transfer);
      return transfers.length;
    });
  }
}

async function move(run: Run, { from, to, amount }: Transfer): Promise<void> {
  if (from === to) throw new Problem(400, 'SAME_ACCOUNT', 'a transfer needs two different accounts');
  await run(SQL.move, [from, -amount]);
  await run(SQL.move, [to, amount]);
  await run(SQL.record, [from, to, amount]);
}
