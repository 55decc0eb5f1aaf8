/// The fraud scenario's `spec.yaml`.
extension FraudGenerator {
    /// The spec text: the spine and event log are `transactions.csv`; `txn` (the
    /// window aggregates) is the real-time candidate; the two snapshot views keep
    /// their production freshness, a daily batch.
    static func spec(events: Int, seed: UInt64) -> String {
        """
        # Scenario "fraud": \(Scenario.fraud.summary).
        # Made by: \(Scenario.fraud.generateCommand(out: "DIR", events: events, seed: seed))
        # Paths are relative to this file. See README.md for what was planted.
        version: 1
        spine:
          path: transactions.csv
          keys: [card_id, merchant_id]
          time: ts
          label: is_fraud
        views:
          - name: card_profile
            kind: lookup
            path: card_profile.csv
            keys: [card_id]
            time: ts
            created: ingested_at        # loaded 1-3 h after the snapshot; 3 % a day or more late
            features: [credit_limit, avg_amount_30d, n_txn_30d]
            ttl: 30d
            freshness: cadence-1d       # daily batch in production
          - name: merchant_risk
            kind: lookup
            path: merchant_risk.csv
            keys: [merchant_id]
            time: ts
            created: ingested_at        # loaded 2-4 h after the snapshot; 2 % a day late
            features: [fraud_rate_7d, n_txn_7d]
            ttl: 3d
            freshness: cadence-1d       # daily batch in production
          - name: txn
            kind: aggregate
            path: transactions.csv      # the spine's own file is the event log
            keys: [card_id]
            time: ts
            aggregations:
              - {function: count, windows: [1m, 5m, 1h, 1d]}
              - {function: sum, column: amount, windows: [1m, 5m, 1h, 1d]}
              - {function: count_distinct, column: merchant_id, windows: [10m]}
              - {function: time_since_last, windows: [lifetime]}
        freshness:
          levels: [realtime, cadence-1m, cadence-1h, cadence-12h, cadence-1d]
          views: [txn]                  # the real-time candidate
        value:                          # what a better model is worth (the backtest's money figures)
          positive_value: amount        # a caught fraud saves its amount
          false_alarm_cost: 2.0         # reviewing a legitimate transaction
          operating_point: 0.01         # the top 1 % of scored transactions are reviewed
          monthly_cost:                 # running each freshness level, per month (scaled to this sample)
            realtime: 2000
            cadence-1m: 1500
            cadence-1h: 300
            cadence-12h: 100
            cadence-1d: 50

        """
    }
}
