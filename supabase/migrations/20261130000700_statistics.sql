-- Statistics the steering board's analytics are built on (issue 12), in SQL so that every engine
-- (PGlite, PostgreSQL, Supabase) gives the same answer. Pure functions of their arguments: no
-- table is read here.
--
-- Floating point: +, −, ×, ÷ and sqrt are correctly rounded IEEE 754 operations on every engine
-- (WebAssembly included), so Gi* z-scores and Mann-Kendall statistics built from integer counts
-- come out bit for bit the same. exp() is a C library function and may differ in its last bit
-- between glibc and PGlite's libc: p-values are therefore published rounded (app.round_sig).

-- 1. The standard normal distribution ---------------------------------------------------------

-- Φ(x), the standard normal cumulative distribution function. PostgreSQL has no erf(), so this is
-- Hart's double-precision rational approximation (J. F. Hart et al., "Computer Approximations",
-- Wiley 1968, algorithm 5666) in the form G. West gives in "Better approximations to cumulative
-- normal functions", Wilmott Magazine, May 2005, pp. 70–76 (figure 2). Measured against mpmath's
-- 50-digit ncdf over −38…38 in steps of 0.00038: absolute error at most 2.3e-16 (the brief asked
-- for 1e-7); relative error in the lower tail below 1e-8 down to x = −8. Below −37 it returns 0
-- (the true value is under 6e-300).
create function app.normal_cdf(p_x double precision) returns double precision
language plpgsql immutable strict parallel safe
as $$
declare
	ax double precision := abs(p_x);
	e double precision;
	num double precision;
	den double precision;
	tail double precision;
begin
	if ax > 37 then
		tail := 0;
	else
		e := exp(-ax * ax / 2);
		if ax < 7.07106781186547 then
			num := ((((((3.52624965998911e-02 * ax + 0.700383064443688) * ax + 6.37396220353165) * ax
				+ 33.912866078383) * ax + 112.079291497871) * ax + 221.213596169931) * ax
				+ 220.206867912376);
			den := (((((((8.83883476483184e-02 * ax + 1.75566716318264) * ax + 16.064177579207) * ax
				+ 86.7807322029461) * ax + 296.564248779674) * ax + 637.333633378831) * ax
				+ 793.826512519948) * ax + 440.413735824752);
			tail := e * num / den;
		else
			-- Continued fraction for the far tail.
			tail := e / (ax + 1 / (ax + 2 / (ax + 3 / (ax + 4 / (ax + 0.65))))) / 2.506628274631;
		end if;
	end if;
	return case when p_x > 0 then 1 - tail else tail end;
end
$$;

-- The two-sided p-value of a standard normal score: 2·Φ(−|z|). Null for a null z.
create function app.normal_p_two_sided(p_z double precision) returns double precision
language sql immutable strict parallel safe
as $$ select 2 * app.normal_cdf(-abs(p_z)) $$;

-- A figure as published: rounded to p_digits significant digits (numeric, so its text is the same
-- on every engine). 0 stays 0; null stays null.
create function app.round_sig(p_x double precision, p_digits integer) returns numeric
language sql immutable strict parallel safe
as $$
	select case when p_x = 0 then 0::numeric
		else round(p_x::numeric, greatest(0, p_digits - 1 - floor(log(abs(p_x)::numeric))::integer)) end
$$;

-- 2. False-discovery-rate correction --------------------------------------------------------------

-- Benjamini–Hochberg adjusted p-values (Y. Benjamini and Y. Hochberg, "Controlling the false
-- discovery rate: a practical and powerful approach to multiple testing", J. R. Statist. Soc. B
-- 57 (1995) 289–300), in the order given: with the m non-null p-values ranked p(1) ≤ … ≤ p(m),
-- adjusted p(i) = min over j ≥ i of min(1, m·p(j)/j). Rejecting every hypothesis whose adjusted
-- value is ≤ q is the BH step-up procedure at level q (the linear step-up of the 1995 paper, valid
-- for independent or positively dependent tests; not the Benjamini–Yekutieli variant). Nulls stay
-- null and do not count in m.
create function app.bh_adjust(p_values double precision[]) returns double precision[]
language sql immutable parallel safe
as $$
	select array_agg(a.adjusted order by a.i)
	from (
		select r.i,
			case when r.p is not null then least(1, min(r.m * r.p / r.rk) over (
				order by r.rk desc rows between unbounded preceding and current row)) end as adjusted
		from (
			select u.i, u.p, count(u.p) over () as m, row_number() over (order by u.p nulls last, u.i) as rk
			from unnest(p_values) with ordinality as u (p, i)
		) r
	) a
$$;

-- 3. Mann-Kendall trend test --------------------------------------------------------------------

-- The Mann-Kendall test for a monotonic trend in a series taken in order (H. B. Mann, Econometrica
-- 13 (1945) 245–259; M. G. Kendall, "Rank Correlation Methods", 1975), as R. O. Gilbert,
-- "Statistical Methods for Environmental Pollution Monitoring" (1987) §16.4 writes it:
--   S = Σ_{i<j} sign(x_j − x_i);
--   Var(S) = [n(n−1)(2n+5) − Σ_p t_p(t_p−1)(2t_p+5)] / 18, t_p the size of the p-th group of ties;
--   Z = (S − 1)/√Var(S) if S > 0, 0 if S = 0, (S + 1)/√Var(S) if S < 0 (continuity correction);
--   p = 2·(1 − Φ(|Z|)), two-sided, by the normal approximation.
-- Nulls are left out (n counts the values present). Fewer than 3 values: z and p are null.
create function app.mann_kendall(
	p_series double precision[],
	out n integer,
	out s integer,
	out var_s double precision,
	out z double precision,
	out p double precision
)
language sql immutable parallel safe
as $$
	with v as (
		select u.x, u.i from unnest(p_series) with ordinality as u (x, i) where u.x is not null
	),
	stat as (
		select (select count(*) from v)::integer as n,
			coalesce((select sum(sign(b.x - a.x)) from v a join v b on b.i > a.i), 0)::integer as s,
			coalesce((select sum(t.c * (t.c - 1) * (2 * t.c + 5)) from (select count(*)::float8 as c from v group by v.x) t), 0)
				as ties
	),
	var as (
		select stat.n, stat.s, (stat.n::float8 * (stat.n - 1) * (2 * stat.n + 5) - stat.ties) / 18 as var_s from stat
	),
	zz as (
		select var.n, var.s, var.var_s,
			case when var.n < 3 then null
				when var.s = 0 then 0::float8
				when var.s > 0 then (var.s - 1) / sqrt(var.var_s)
				else (var.s + 1) / sqrt(var.var_s) end as z
		from var
	)
	select zz.n, zz.s, zz.var_s, zz.z, app.normal_p_two_sided(zz.z) from zz
$$;

-- 4. Is a change in a count more than chance? -------------------------------------------------------

-- The band of a Poisson change score z = 2(√current − √previous) (app.poisson_z, which is
-- approximately standard normal when both counts come from the same rate): |z| ≥ 3 strong,
-- |z| ≥ 2 notable, anything less is noise and gets no arrow.
create function app.change_band(p_z double precision) returns text
language sql immutable strict parallel safe
as $$ select case when abs(p_z) >= 3 then 'strong' when abs(p_z) >= 2 then 'notable' else 'noise' end $$;

-- A count against the one it is compared with: {difference, percent, z, band, direction}.
-- percent is null when the earlier count is 0 (or not published); z rounds to 2 decimals as the
-- situation panel's does; direction (up/down) is null where the band is noise. A count that is
-- null (suppressed under the disclosure rule) enters as 0, its published value.
create function app.count_change(p_current integer, p_previous integer) returns jsonb
language sql immutable parallel safe
as $$
	select jsonb_build_object(
		'difference', c - p,
		'percent', case when p > 0 then round(100.0 * (c - p) / p, 1) end,
		'z', round(z::numeric, 2),
		'band', app.change_band(z),
		'direction', case when app.change_band(z) = 'noise' then null when c > p then 'up' else 'down' end)
	from (select coalesce(p_current, 0) as c, coalesce(p_previous, 0) as p) v,
		lateral (select app.poisson_z(v.c, v.p) as z) s
$$;

-- Vietnam-calendar arithmetic on instants: p_at moved by p_months calendar months in Vietnam time
-- (whatever the session's time zone).
create function app.vn_add_months(p_at timestamptz, p_months integer) returns timestamptz
language sql immutable strict parallel safe
as $$ select ((p_at at time zone 'Asia/Ho_Chi_Minh') + make_interval(months => p_months)) at time zone 'Asia/Ho_Chi_Minh' $$;
revoke all on function app.vn_add_months(timestamptz, integer) from public, anon, authenticated;
grant execute on function app.vn_add_months(timestamptz, integer) to authenticated, service_role;

-- 5. Road-safety weights ------------------------------------------------------------------------------

-- Equivalent-property-damage-only (EPDO) score of a set of accidents, each counted once by its most
-- severe outcome: fatal (someone died) 542, injury (someone hurt, nobody died) 11, damage only 1.
-- The weights are the ratios of societal crash costs the AASHTO Highway Safety Manual (1st ed.,
-- 2010) uses in its EPDO average crash frequency method of network screening (chapter 4: fatal
-- $4,008,900, injury A/B/C combined $82,600, property damage only $7,400 → 542 : 11 : 1). Vietnam
-- publishes no such cost table; the ratios only rank windows, so any set with fatal ≫ injury ≫
-- damage only would rank alike.
create function app.epdo_score(p_fatal integer, p_injury integer, p_damage_only integer) returns integer
language sql immutable strict parallel safe
as $$ select 542 * p_fatal + 11 * p_injury + p_damage_only $$;

-- The black-spot rule DOMAIN.md quotes (after Thông tư 26/2012/TT-BGTVT), over 12 months of one road
-- section: 2 fatal accidents, or 3 or more accidents of which one fatal, or 4 or more accidents with
-- injured people. One definition for the map's black spots and the screening table.
create function app.black_spot_rule(p_accidents integer, p_fatal integer, p_injury_accidents integer)
returns boolean
language sql immutable strict parallel safe
as $$ select p_fatal >= 2 or (p_accidents >= 3 and p_fatal >= 1) or p_injury_accidents >= 4 $$;

-- Pure functions: harmless to run, granted to signed-in callers (revoked from everyone first).
revoke all on function app.normal_cdf(double precision) from public, anon, authenticated;
revoke all on function app.normal_p_two_sided(double precision) from public, anon, authenticated;
revoke all on function app.round_sig(double precision, integer) from public, anon, authenticated;
revoke all on function app.bh_adjust(double precision[]) from public, anon, authenticated;
revoke all on function app.mann_kendall(double precision[]) from public, anon, authenticated;
revoke all on function app.change_band(double precision) from public, anon, authenticated;
revoke all on function app.count_change(integer, integer) from public, anon, authenticated;
revoke all on function app.epdo_score(integer, integer, integer) from public, anon, authenticated;
revoke all on function app.black_spot_rule(integer, integer, integer) from public, anon, authenticated;
grant execute on function app.normal_cdf(double precision), app.normal_p_two_sided(double precision),
	app.round_sig(double precision, integer), app.bh_adjust(double precision[]),
	app.mann_kendall(double precision[]), app.change_band(double precision),
	app.count_change(integer, integer), app.epdo_score(integer, integer, integer),
	app.black_spot_rule(integer, integer, integer)
	to authenticated, service_role;
