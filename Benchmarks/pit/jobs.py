"""The three point-in-time jobs of the benchmark, defined once for every tool.

The data is Vantage's bundled fraud scenario at any size
(`vantage datasets generate fraud --out DIR --events N`): `transactions.csv` is both the
spine and the event log, `card_profile.csv` and `merchant_risk.csv` are snapshot
histories with a created (ingested) time, some rows loaded a day or more late.

  A  lookups: card_profile by card_id (TTL 3d) and merchant_risk by merchant_id
     (TTL 7d, data delay 15m), both gated by their created time, at real time.
  B  windows over transactions, at real time: per card, count over 5m, 1h, 1d, 30d
     and sum of amount over 5m, 1h, 1d; per merchant, count over 1h.
  C  A and B together at four levels: cadence-1m, lag-1h, lag-12h and cadence-1d.

The rules every tool must follow are those of docs/semantics.md. This module writes the
Vantage specs and gives the peers the same parameters, so a change here changes every
tool at once.
"""

import argparse
import os

MICROS = {"s": 1_000_000, "m": 60_000_000, "h": 3_600_000_000, "d": 86_400_000_000}


def micros(text):
    """A fixed duration (`15m`, `3d`, `0`) in microseconds; months are not used here."""
    if text == "0":
        return 0
    return int(text[:-1]) * MICROS[text[-1]]


SPINE = {"file": "transactions.csv", "keys": ["card_id", "merchant_id"], "time": "ts"}

LOOKUPS = [
    {"name": "card_profile", "file": "card_profile.csv", "key": "card_id", "time": "ts",
     "created": "ingested_at", "features": ["credit_limit", "avg_amount_30d", "n_txn_30d"],
     "ttl": "3d", "delay": "0"},
    {"name": "merchant_risk", "file": "merchant_risk.csv", "key": "merchant_id", "time": "ts",
     "created": "ingested_at", "features": ["fraud_rate_7d", "n_txn_7d"],
     "ttl": "7d", "delay": "15m"},
]

# Per view: (function, column or None, windows), in output order.
WINDOWS = [
    {"name": "card_txn", "file": "transactions.csv", "key": "card_id", "time": "ts", "delay": "0",
     "aggregations": [("count", None, ["5m", "1h", "1d", "30d"]),
                      ("sum", "amount", ["5m", "1h", "1d"])]},
    {"name": "merchant_txn", "file": "transactions.csv", "key": "merchant_id", "time": "ts", "delay": "0",
     "aggregations": [("count", None, ["1h"])]},
]

JOBS = {
    "A": {"lookups": LOOKUPS, "windows": [], "levels": ["realtime"]},
    "B": {"lookups": [], "windows": WINDOWS, "levels": ["realtime"]},
    "C": {"lookups": LOOKUPS, "windows": WINDOWS, "levels": ["cadence-1m", "lag-1h", "lag-12h", "cadence-1d"]},
}


def window_columns(view):
    """Output names of an aggregate view, as Vantage writes them."""
    out = []
    for function, column, windows in view["aggregations"]:
        for w in windows:
            out.append(f"{view['name']}__{function}_{column}_{w}" if column else f"{view['name']}__{function}_{w}")
    return out


def parse_level(level):
    """(mode, F in µs) of `realtime`, `lag-<F>` or `cadence-<F>` (no offsets, no months here)."""
    if level == "realtime":
        return "realtime", 0
    mode, _, every = level.partition("-")
    if mode not in ("lag", "cadence"):
        raise ValueError(f"unsupported level {level}")
    return mode, micros(every)


def spec_yaml(job, data_dir):
    """The Vantage spec of a job, reading the scenario in `data_dir`."""
    j = JOBS[job]
    lines = ["version: 1", "spine:", f"  path: {data_dir}/{SPINE['file']}",
             f"  keys: [{', '.join(SPINE['keys'])}]", f"  time: {SPINE['time']}", "views:"]
    for v in j["lookups"]:
        lines += [f"  - name: {v['name']}", "    kind: lookup", f"    path: {data_dir}/{v['file']}",
                  f"    keys: [{v['key']}]", f"    time: {v['time']}", f"    created: {v['created']}",
                  f"    features: [{', '.join(v['features'])}]", f"    ttl: {v['ttl']}", f"    delay: {v['delay']}"]
    for v in j["windows"]:
        lines += [f"  - name: {v['name']}", "    kind: aggregate", f"    path: {data_dir}/{v['file']}",
                  f"    keys: [{v['key']}]", f"    time: {v['time']}", f"    delay: {v['delay']}", "    aggregations:"]
        for function, column, windows in v["aggregations"]:
            col = f", column: {column}" if column else ""
            lines.append(f"      - {{function: {function}{col}, windows: [{', '.join(windows)}]}}")
    lines += ["freshness:", f"  levels: [{', '.join(j['levels'])}]"]
    return "\n".join(lines) + "\n"


def peer_main(peer_class, doc):
    """The command line every peer shares: run one job on the data, writing the training
    set (jobs A, B) or one file per level into a folder (job C)."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--job", required=True, choices=sorted(JOBS))
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    peer = peer_class(a.data)
    levels = JOBS[a.job]["levels"]
    if a.job == "C":
        os.makedirs(a.out, exist_ok=True)
        for level in levels:
            peer.run(a.job, level, os.path.join(a.out, f"{level}.csv"))
    else:
        peer.run(a.job, levels[0], a.out)
