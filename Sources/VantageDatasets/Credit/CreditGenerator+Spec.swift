/// The credit scenario's `spec.yaml`.
extension CreditGenerator {
    /// The spec text: `activity` (windows over the account events) is the
    /// real-time candidate; bureau and income keep their daily batch.
    static func spec(events: Int, seed: UInt64) -> String {
        """
        # Scenario "credit": \(Scenario.credit.summary).
        # Made by: \(Scenario.credit.generateCommand(out: "DIR", events: events, seed: seed))
        # Paths are relative to this file. See README.md for what was planted.
        version: 1
        spine:
          path: applications.csv
          keys: [applicant_id]
          time: ts
          label: default
        views:
          - name: bureau
            kind: lookup
            path: bureau.csv
            keys: [applicant_id]
            time: ts                     # refreshed every 45-90 days per applicant
            created: pulled_at           # 4-20 h later; 4 % 2-10 days late
            features: [bureau_score, open_accounts, delinquencies_24m]
            ttl: 180d
            freshness: cadence-1d        # daily batch in production
          - name: income
            kind: lookup
            path: income.csv
            keys: [applicant_id]
            time: ts                     # refreshed every 60-150 days per applicant
            created: verified_at         # 1-5 days later; 5 % 20-40 days late
            features: [monthly_income]
            ttl: 365d
            freshness: cadence-1d        # daily batch in production
          - name: activity
            kind: aggregate
            path: account_events.csv
            keys: [applicant_id]
            time: ts
            aggregations:
              - {function: count, windows: [1h, 1d, 7d, 30d]}
              - {function: sum, column: amount, windows: [30d]}
              - {function: count_distinct, column: kind, windows: [7d]}
              - {function: time_since_last, windows: [lifetime]}
        freshness:
          levels: [realtime, cadence-1m, cadence-1h, cadence-12h, cadence-1d]
          views: [activity]              # the real-time candidate

        """
    }
}
