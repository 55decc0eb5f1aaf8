#!/usr/bin/env python3
"""The benchmark jobs (jobs.py) in DuckDB SQL, following docs/semantics.md.

usage: duckdb_peer.py --job A|B|C --data DIR --out PATH   (C: PATH is a folder)

How each rule is expressed:
- Times: `epoch_us(text::TIMESTAMPTZ)` with the session in UTC, so `Z`, offsets and naive
  times read as the rules say. Finer forms the rules reject (fractions beyond 1 µs) are
  not checked; the generated data has none.
- Lookup visibility and picking: a row is visible at `a` when `v = max(τ, c) ≤ a`
  (cadence: `<`), a null created time meaning `c = τ`. Per key, rows ordered by `v` carry
  the running best by (τ, c, source row), one row kept per (key, v); an ASOF join on
  `a >= v` (cadence: `a > v`) then finds the pick. An ASOF join on τ alone would pick a
  late row before it was loaded.
- TTL: measured from `t`, not `a`: null when `t − τ > ttl`.
- Windows `[a − W, a)`: events (at τ) and queries (at a) in one relation per key,
  `RANGE BETWEEN W PRECEDING AND 1 PRECEDING` on integer µs, i.e. `a − W ≤ τ ≤ a − 1 µs`.
  Counts of an empty window are 0, sums null. Amounts are summed as DECIMAL(18, 6), exact
  for the generator's two-decimal amounts (a general tool would need a compensated sum).
- Keys: compared as text (all columns are read as VARCHAR); empty keys match nothing.
- Output: spine columns as read, then features, in spine order; LF line ends (the
  comparison reads CSV, so CRLF is not needed for it).
Levels: realtime, lag-<F> and cadence-<F> with fixed F and no offset; month lags,
month windows and offsets are not implemented here (the jobs use none).
"""
import os
import sys

import duckdb

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jobs  # noqa: E402


def q(name):
    return '"' + name.replace('"', '""') + '"'


def lit(path):
    return "'" + path.replace("'", "''") + "'"


def as_of(level, delay_us):
    """SQL for the as-of time `a` of spine time `t` under a level and a view delay."""
    mode, f = jobs.parse_level(level)
    x = f"(t - {delay_us})"
    if mode == "realtime":
        return x
    if mode == "lag":
        return f"(t - {f} - {delay_us})"
    return f"({x} - ((({x}) % {f}) + {f}) % {f})"  # floor to a multiple of F


class Peer:
    def __init__(self, data):
        self.con = duckdb.connect()
        self.con.execute(f"SET threads = {os.cpu_count() or 1}")
        self.con.execute("SET TimeZone = 'UTC'")
        spine = jobs.SPINE
        self.con.execute(f"CREATE TABLE spine_raw AS SELECT * FROM read_csv({lit(os.path.join(data, spine['file']))}, "
                         "all_varchar = true, header = true)")
        self.spine_columns = [r[0] for r in self.con.execute("DESCRIBE spine_raw").fetchall()]
        # rowid is the insertion order, which is file order.
        self.con.execute(f"CREATE TABLE spine AS SELECT rowid AS rid, *, epoch_us({q(spine['time'])}::TIMESTAMPTZ) AS t "
                         "FROM spine_raw")
        self.data = data
        self.loaded = set()

    def load_lookup(self, v):
        if v["name"] in self.loaded:
            return
        self.loaded.add(v["name"])
        n = v["name"]
        feats = ", ".join(q(f) for f in v["features"])
        self.con.execute(f"CREATE TABLE {n}_raw AS SELECT * FROM read_csv({lit(os.path.join(self.data, v['file']))}, "
                         "all_varchar = true, header = true)")
        # rowid is the source order (the last tie-break).
        self.con.execute(f"""
            CREATE TABLE {n}_rows AS
            SELECT rowid AS src, {q(v['key'])} AS k,
                   epoch_us({q(v['time'])}::TIMESTAMPTZ) AS tau,
                   coalesce(epoch_us({q(v['created'])}::TIMESTAMPTZ), epoch_us({q(v['time'])}::TIMESTAMPTZ)) AS c,
                   {feats}
            FROM {n}_raw""")
        self.con.execute(f"DROP TABLE {n}_raw")
        self.con.execute(f"""
            CREATE TABLE {n}_best AS
            SELECT k, v, best.tau AS btau, best.src AS bsrc FROM (
                SELECT k, greatest(tau, c) AS v,
                       max({{'tau': tau, 'c': c, 'src': src}}) OVER (
                           PARTITION BY k ORDER BY greatest(tau, c), tau, c, src ROWS UNBOUNDED PRECEDING) AS best,
                       row_number() OVER (PARTITION BY k, greatest(tau, c) ORDER BY tau DESC, c DESC, src DESC) AS rn
                FROM {n}_rows WHERE k IS NOT NULL)
            WHERE rn = 1""")

    def lookup(self, v, level):
        """A table `{name}_out(rid, features…)` for one level."""
        self.load_lookup(v)
        n = v["name"]
        mode, _ = jobs.parse_level(level)
        op = ">" if mode == "cadence" else ">="
        ttl = jobs.micros(v["ttl"])
        ttl_check = f"OR s.t - b.btau > {ttl}" if ttl > 0 else ""
        feats = ", ".join(f"r.{q(f)} AS {q(n + '__' + f)}" for f in v["features"])
        self.con.execute(f"""
            CREATE OR REPLACE TABLE {n}_out AS
            WITH s AS (SELECT rid, {q(v['key'])} AS k, t, {as_of(level, jobs.micros(v['delay']))} AS a FROM spine),
                 p AS (SELECT s.rid, CASE WHEN b.bsrc IS NULL {ttl_check} THEN NULL ELSE b.bsrc END AS pick
                       FROM s ASOF LEFT JOIN {n}_best b ON s.k = b.k AND s.a {op} b.v)
            SELECT p.rid, {feats} FROM p LEFT JOIN {n}_rows r ON r.src = p.pick""")
        return f"{n}_out", [n + "__" + f for f in v["features"]]

    def windows(self, v, level):
        """A table `{name}_out(rid, columns…)` for one level. The event log is the spine's file."""
        n = v["name"]
        key = q(v["key"])
        a = as_of(level, jobs.micros(v["delay"]))
        defs, cols = [], []
        for function, column, windows in v["aggregations"]:
            for w in windows:
                name = f"{n}__{function}_{column}_{w}" if column else f"{n}__{function}_{w}"
                win = f"w_{w}"
                defs.append(f"{win} AS (PARTITION BY k ORDER BY x RANGE BETWEEN {jobs.micros(w)} PRECEDING AND 1 PRECEDING)")
                if function == "count":
                    cols.append(f"coalesce(sum(e) OVER {win}, 0) AS {q(name)}")
                elif function == "sum":
                    cols.append(f"(sum(val) OVER {win})::DOUBLE AS {q(name)}")
                else:
                    raise ValueError(f"{function} is not implemented in this peer")
        value = next((c for f, c, _ in v["aggregations"] if c), None)
        val = f"{q(value)}::DECIMAL(18, 6)" if value else "NULL::DECIMAL(18, 6)"
        names = jobs.window_columns(v)
        window_defs = ", ".join(dict.fromkeys(defs))
        self.con.execute(f"""
            CREATE OR REPLACE TABLE {n}_w AS
            WITH u AS (
                SELECT {key} AS k, t AS x, 1 AS e, {val} AS val, NULL::BIGINT AS rid FROM spine WHERE {key} IS NOT NULL
                UNION ALL
                SELECT {key} AS k, {a} AS x, 0 AS e, NULL::DECIMAL(18, 6) AS val, rid FROM spine WHERE {key} IS NOT NULL)
            SELECT rid, {', '.join(cols)} FROM u
            WINDOW {window_defs}
            QUALIFY e = 0""")
        # Spine rows with an empty key: empty windows (counts 0, sums null).
        fill = ", ".join(f"coalesce(w.{q(c)}, 0) AS {q(c)}" if "__count_" in c else f"w.{q(c)}" for c in names)
        self.con.execute(f"CREATE OR REPLACE TABLE {n}_out AS SELECT s.rid, {fill} FROM spine s LEFT JOIN {n}_w w ON w.rid = s.rid")
        return f"{n}_out", names

    def run(self, job, level, out):
        parts = []
        for v in jobs.JOBS[job]["lookups"]:
            parts.append(self.lookup(v, level))
        for v in jobs.JOBS[job]["windows"]:
            parts.append(self.windows(v, level))
        select = [f"s.{q(c)}" for c in self.spine_columns]
        joins = []
        for i, (table, names) in enumerate(parts):
            select += [f"j{i}.{q(c)}" for c in names]
            joins.append(f"LEFT JOIN {table} j{i} ON j{i}.rid = s.rid")
        self.con.execute(f"COPY (SELECT {', '.join(select)} FROM spine s {' '.join(joins)} ORDER BY s.rid) "
                         f"TO {lit(out)} (HEADER, DELIMITER ',')")


if __name__ == "__main__":
    jobs.peer_main(Peer, __doc__)
