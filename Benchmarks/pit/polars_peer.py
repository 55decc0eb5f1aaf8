#!/usr/bin/env python3
"""The benchmark jobs (jobs.py) in Polars, following docs/semantics.md.

usage: polars_peer.py --job A|B|C --data DIR --out PATH   (C: PATH is a folder)

How each rule is expressed:
- Times: `str.to_datetime("%Y-%m-%dT%H:%M:%S%.fZ")`, the form the scenario generator
  writes (UTC with `Z`, 0 or 6 fraction digits). Other forms the rules accept (offsets,
  naive times, date only) are not handled here.
- Lookup visibility and picking: a row is visible at `a` when `v = max(τ, c) ≤ a`
  (cadence: `<`), a null created time meaning `c = τ`. Rows are ranked once by
  (τ, c, source row); per key, in `v` order, the running maximum of that rank is the best
  visible row, one row kept per (key, v); `join_asof` backward on `v` (cadence: without
  exact matches) then finds the pick. A join on τ alone would pick a late row before it
  was loaded.
- TTL: measured from `t`, not `a`: null when `t − τ > ttl`.
- Windows `[a − W, a)`: per key, running counts and sums over events sorted by τ (the last
  of equal τ kept); `join_asof` without exact matches at `a` and at `a − W` gives the
  totals strictly before each bound, and the window is their difference. Amounts are
  summed as integers of 10⁻⁶, exact for the generator's two-decimal amounts (a general
  tool would need a compensated sum). Counts of an empty window are 0, sums null.
- Keys: compared as text (every column is read as a string); empty keys match nothing.
- Output: spine columns as read, then features, in spine order; LF line ends.
Levels: realtime, lag-<F> and cadence-<F> with fixed F and no offset; month lags,
month windows and offsets are not implemented here (the jobs use none).
"""
import os
import sys
import warnings

import polars as pl

# join_asof with `by` cannot verify sortedness; every input below is sorted by its `on` column.
warnings.filterwarnings("ignore", message="Sortedness of columns cannot be checked")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jobs  # noqa: E402

TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%.fZ"
SCALE = 1_000_000  # amounts in integers of 10⁻⁶


def micros_of(col):
    return pl.col(col).str.to_datetime(TIME_FORMAT, time_unit="us", time_zone="UTC").dt.epoch("us")


def as_of(level, delay_us):
    mode, f = jobs.parse_level(level)
    x = pl.col("t") - delay_us
    if mode == "realtime":
        return x
    if mode == "lag":
        return x - f
    return x - (x % f)  # Polars' % follows the divisor's sign: a floor for f > 0


class Peer:
    def __init__(self, data):
        self.data = data
        raw = pl.read_csv(os.path.join(data, jobs.SPINE["file"]), infer_schema_length=0)
        self.spine_columns = raw.columns
        self.spine = raw.with_row_index("rid").with_columns(t=micros_of(jobs.SPINE["time"]))
        # Keys as dense integers per spine key column (exact text; null stays null), so
        # joins and groupings compare integers.
        self.spine = self.spine.with_columns([pl.col(k).cast(pl.Categorical).to_physical().alias(f"id_{k}")
                                              for k in jobs.SPINE["keys"]])
        self.best = {}
        self.runs = {}

    def key_ids(self, frame, view_key, spine_key):
        """`frame` with `k`: the spine's id of its key text (null when the spine never has it)."""
        ids = self.spine.select(pl.col(spine_key).alias("_key"), k=pl.col(f"id_{spine_key}")).drop_nulls().unique()
        return frame.join(ids, left_on=view_key, right_on="_key", how="left")

    def prepared_lookup(self, v):
        """(rows by rank, per-key best by v) of a lookup view, computed once."""
        if v["name"] in self.best:
            return self.best[v["name"]]
        rows = pl.read_csv(os.path.join(self.data, v["file"]), infer_schema_length=0).with_row_index("src")
        rows = (self.key_ids(rows, v["key"], v["key"])
                .with_columns(tau=micros_of(v["time"]), c=micros_of(v["created"]))
                .with_columns(c=pl.coalesce("c", "tau"))
                .with_columns(vis=pl.max_horizontal("tau", "c"))
                .sort(["tau", "c", "src"])
                .with_row_index("rank"))
        best = (rows.filter(pl.col("k").is_not_null())
                .sort(["k", "vis", "tau", "c", "src"])
                .with_columns(best=pl.col("rank").cum_max().over("k"))
                .unique(subset=["k", "vis"], keep="last", maintain_order=True)
                .select("k", "vis", "best")
                .sort("vis"))
        rows = rows.select("rank", "tau", *v["features"]).sort("rank")
        self.best[v["name"]] = (rows, best)
        return rows, best

    def lookup(self, v, level):
        rows, best = self.prepared_lookup(v)
        mode, _ = jobs.parse_level(level)
        ttl = jobs.micros(v["ttl"])
        q = (self.spine.select("rid", "t", k=pl.col(f"id_{v['key']}"), a=as_of(level, jobs.micros(v["delay"])))
             .sort("a"))
        picked = q.join_asof(best, left_on="a", right_on="vis", by="k", strategy="backward",
                             allow_exact_matches=(mode != "cadence"))
        names = {f: f"{v['name']}__{f}" for f in v["features"]}
        picked = (picked.join(rows, left_on="best", right_on="rank", how="left")
                  .with_columns(expired=(pl.col("t") - pl.col("tau") > ttl) if ttl > 0 else pl.lit(False)))
        out = picked.select("rid", *[pl.when(pl.col("expired")).then(None).otherwise(pl.col(f)).alias(n)
                                     for f, n in names.items()])
        return out.sort("rid").drop("rid"), list(names.values())

    def running_totals(self, v):
        """Per key, the count, sum and non-null count of events up to each distinct τ (computed once)."""
        if v["name"] in self.runs:
            return self.runs[v["name"]]
        value = next((c for f, c, _ in v["aggregations"] if c), None)
        if len({c for f, c, _ in v["aggregations"] if c}) > 1:
            raise ValueError("this peer sums one value column per view")
        val = (pl.col(value).cast(pl.Float64) * SCALE).round().cast(pl.Int64) if value else pl.lit(None, pl.Int64)
        # The event log is the spine's own file, already read.
        run = (self.spine.filter(pl.col(f"id_{v['key']}").is_not_null())
               .select(k=pl.col(f"id_{v['key']}"), tau=pl.col("t"), val=val)
               .sort(["k", "tau"])
               .with_columns(n=pl.int_range(1, pl.len() + 1).over("k"),
                             s=pl.col("val").fill_null(0).cum_sum().over("k"),
                             nn=pl.col("val").is_not_null().cast(pl.Int64).cum_sum().over("k"))
               .unique(subset=["k", "tau"], keep="last", maintain_order=True)
               .select("k", "tau", "n", "s", "nn")
               .sort("tau"))
        self.runs[v["name"]] = run
        return run

    def windows(self, v, level):
        run = self.running_totals(v)

        def totals_before(q):
            """Running totals of the events with τ < bound, in rid order (0 when none)."""
            j = q.sort("bound").join_asof(run, left_on="bound", right_on="tau", by="k", strategy="backward",
                                          allow_exact_matches=False)
            return j.sort("rid").select(pl.col("n").fill_null(0), pl.col("s").fill_null(0), pl.col("nn").fill_null(0))

        q = self.spine.select("rid", k=pl.col(f"id_{v['key']}"), bound=as_of(level, jobs.micros(v["delay"])))
        end = totals_before(q)
        starts = {}
        columns, names = [], []
        for function, column, windows in v["aggregations"]:
            for w in windows:
                if w not in starts:
                    starts[w] = totals_before(q.with_columns(bound=pl.col("bound") - jobs.micros(w)))
                start = starts[w]
                name = f"{v['name']}__{function}_{column}_{w}" if column else f"{v['name']}__{function}_{w}"
                names.append(name)
                if function == "count":
                    columns.append((end["n"] - start["n"]).alias(name))
                elif function == "sum":
                    nonnull = end["nn"] - start["nn"]
                    total = (end["s"] - start["s"]) / SCALE
                    columns.append(pl.select(pl.when(nonnull > 0).then(total).otherwise(None)).to_series().alias(name))
                else:
                    raise ValueError(f"{function} is not implemented in this peer")
        # A spine row with an empty key joins nothing: its totals are 0, so counts are 0
        # and sums null, as the rules say for an empty window.
        return pl.DataFrame(columns), names

    def run(self, job, level, out):
        parts = [self.spine.select(*self.spine_columns)]
        for v in jobs.JOBS[job]["lookups"]:
            parts.append(self.lookup(v, level)[0])
        for v in jobs.JOBS[job]["windows"]:
            parts.append(self.windows(v, level)[0])
        pl.concat(parts, how="horizontal").write_csv(out)


if __name__ == "__main__":
    jobs.peer_main(Peer, __doc__)
