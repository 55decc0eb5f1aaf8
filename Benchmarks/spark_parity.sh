#!/usr/bin/env bash
# The Spark engine against the Swift engine on generated fraud data (default 1,000,000
# events): a job-C-like sweep (four lags; two lookup views with TTL and created times;
# card and merchant windows) through both engines, outputs compared value by value,
# wall times printed. Not a CI test. Needs pyspark (pip install pyspark) and Java 17.
#
#   Benchmarks/spark_parity.sh [EVENTS] [MASTER]      e.g. Benchmarks/spark_parity.sh 1000000 'local[2]'
#
# VANTAGE=path/to/vantage uses a built binary; otherwise a release build is made.
set -euo pipefail
cd "$(dirname "$0")/.."
events="${1:-1000000}"
master="${2:-local[2]}"
work="${WORK:-$(mktemp -d /tmp/vantage-spark-bench.XXXXXX)}"
# Local Spark runs everything in the driver JVM: give it room (spark-submit reads this).
export SPARK_DRIVER_MEMORY="${SPARK_DRIVER_MEMORY:-6g}"
if [ -z "${VANTAGE:-}" ]; then
  swift build -c release --product vantage >/dev/null
  VANTAGE="$(swift build -c release --show-bin-path)/vantage"
fi
mkdir -p "$work"
echo "data: $work/data ($events events)"
[ -f "$work/data/transactions.csv" ] || "$VANTAGE" datasets generate fraud --out "$work/data" --events "$events" --seed 7 --quiet
cat > "$work/spec.yaml" <<YAML
version: 1
spine: {path: data/transactions.csv, keys: [card_id, merchant_id], time: ts, label: is_fraud}
views:
  - {name: card_profile, path: data/card_profile.csv, keys: [card_id], time: ts, created: ingested_at,
     features: [credit_limit, avg_amount_30d, n_txn_30d], ttl: 30d}
  - {name: merchant_risk, path: data/merchant_risk.csv, keys: [merchant_id], time: ts, created: ingested_at,
     features: [fraud_rate_7d, n_txn_7d], ttl: 7d}
  - name: card_txn
    kind: aggregate
    path: data/transactions.csv
    keys: [card_id]
    time: ts
    aggregations:
      - {function: count, windows: [5m, 1h, 1d, 30d]}
      - {function: sum, column: amount, windows: [5m, 1h, 1d]}
      - {function: mean, column: amount, windows: [1d]}
      - {function: count_distinct, column: merchant_id, windows: [1h]}
      - {function: time_since_last, windows: [lifetime]}
  - name: merchant_txn
    kind: aggregate
    path: data/transactions.csv
    keys: [merchant_id]
    time: ts
    aggregations:
      - {function: count, windows: [1h]}
freshness:
  levels: [lag-1m, lag-1h, lag-12h, lag-30d]
YAML

t0=$(date +%s.%N)
"$VANTAGE" sweep "$work/spec.yaml" --out "$work/swift" --no-store --quiet
t1=$(date +%s.%N)
"$VANTAGE" sweep "$work/spec.yaml" --out "$work/spark" --no-store --quiet --engine spark --master "$master"
t2=$(date +%s.%N)

python3 - "$work/swift" "$work/spark" <<'PY'
import csv, json, sys
a, b = sys.argv[1], sys.argv[2]
levels = json.load(open(a + "/sweep.json"))["manifest"]["levels"]
def same(x, y):
    if x == y:
        return True
    try:
        fx, fy = float(x), float(y)
    except ValueError:
        return False
    return abs(fx - fy) <= 1e-9 * max(abs(fx), abs(fy)) + 1e-9
bad = 0
cells = 0
for level in levels:
    with open(f"{a}/{level}.csv", newline="") as f1, open(f"{b}/{level}.csv", newline="") as f2:
        r1, r2 = csv.reader(f1), csv.reader(f2)
        h1, h2 = next(r1), next(r2)
        if h1 != h2:
            print(f"{level}: headers differ"); bad += 1; continue
        n = 0
        for n, (x, y) in enumerate(zip(r1, r2), 1):
            for c, (u, v) in enumerate(zip(x, y)):
                cells += 1
                if not same(u, v):
                    bad += 1
                    if bad <= 10:
                        print(f"{level} row {n} {h1[c]}: swift {u!r} spark {v!r}")
        if next(r1, None) is not None or next(r2, None) is not None:
            print(f"{level}: row counts differ"); bad += 1
    print(f"{level}: {n} rows compared")
p1 = json.load(open(a + "/sweep.json"))["profile"]
p2 = json.load(open(b + "/sweep.json"))["profile"]
print("freshness profile:", "equal" if p1 == p2 else "DIFFERS")
print(f"{cells} cells, {bad} mismatches")
sys.exit(1 if bad or p1 != p2 else 0)
PY
python3 -c "import sys; a,b,c=map(float,sys.argv[1:]); print(f'swift engine: {b-a:.1f} s   spark engine ($master): {c-b:.1f} s   ratio {(c-b)/(b-a):.0f}x')" "$t0" "$t1" "$t2"
