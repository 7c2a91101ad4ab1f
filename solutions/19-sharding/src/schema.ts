/** Tables every shard holds: the data (the contract's kv), the GSI outbox, and the GSI partition. */
export const SHARD_SCHEMA = `
create table if not exists kv (
  key text primary key,
  value jsonb not null,
  email text,
  version bigint not null,
  updated_at timestamptz not null
);
create table if not exists gsi_outbox (
  id bigserial primary key,
  key text not null,
  old_email text,
  new_email text,
  version bigint not null
);
create table if not exists gsi (
  email text not null,
  key text not null,
  version bigint not null,
  primary key (email, key)
);
`;
