-- Platform operator keys: they open the Hangfire dashboard and the diagnostics endpoints. A separate flag from
-- is_admin, which only widens what a key may do inside its own tenant.
alter table api_keys add column is_operator boolean not null default false;
