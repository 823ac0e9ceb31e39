-- A filled honeypot gets a follow-up code that behaves like a real one (issue 9 §11).
--
-- The public form's hidden `website` field catches bots: such a submission answered like a real
-- one but stored nothing, so its follow-up code then answered 404 where a real code answers 200,
-- and a bot could learn which of its submissions had been caught. Now the code's hash is kept as
-- a decoy (hash and times only, nothing the bot sent), and the status look-up answers for it as
-- for a spam tip a dispatcher rejects: `received`, then `handled` after 6 to 72 hours.

create table tip_decoys (
	follow_up_hash text primary key check (follow_up_hash ~ '^[0-9a-f]{64}$'),
	created_at timestamptz not null default now(),
	handled_at timestamptz not null
);
create index tip_decoys_created_idx on tip_decoys (created_at);
-- Nobody reads it but the two functions below (row-level security on, no policy, no grant).
alter table tip_decoys enable row level security;
revoke all on tip_decoys from public, anon, authenticated;

-- Records a caught submission's code. A decoy is kept a year, like the rate-limit hashes only
-- longer: long after any bot would compare.
create function app.submit_tip_decoy(p_follow_up_hash text) returns void
language plpgsql volatile security definer
set search_path = public, extensions, pg_temp
as $$
begin
	delete from tip_decoys where created_at < now() - interval '1 year';
	insert into tip_decoys (follow_up_hash, handled_at)
	values (p_follow_up_hash, now() + make_interval(mins => 360 + floor(random() * 3960)::int));
end
$$;

-- What a tipster may learn with their code: the status, in three words, and nothing else; a
-- decoy's code answers the same words (the body of 20261127000500's version, plus decoys).
create or replace function app.tip_public_status(p_follow_up_hash text) returns text
language sql stable security definer
set search_path = public, extensions, pg_temp
as $$
	select s from (
		select case status
			when 'received' then 'received'
			when 'verifying' then 'verifying'
			else 'handled'
		end as s
		from tips where follow_up_hash = p_follow_up_hash
		union all
		select case when now() < d.handled_at then 'received' else 'handled' end
		from tip_decoys d where d.follow_up_hash = p_follow_up_hash
	) found
	limit 1
$$;

revoke all on function app.submit_tip_decoy(text) from public, anon, authenticated;
grant execute on function app.submit_tip_decoy(text) to anon, authenticated;
revoke all on function app.tip_public_status(text) from public, anon, authenticated;
grant execute on function app.tip_public_status(text) to anon, authenticated;
