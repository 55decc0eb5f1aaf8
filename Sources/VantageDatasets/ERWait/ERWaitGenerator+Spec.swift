/// The er-wait scenario's `spec.yaml`.
extension ERWaitGenerator {
    /// The spec text: `beds` (snapshots) and `queue` (windows over the arrivals)
    /// are the real-time candidates; the daily summary keeps its daily batch.
    static func spec(events: Int, seed: UInt64) -> String {
        """
        # Scenario "er-wait": \(Scenario.erWait.summary).
        # Made by: \(Scenario.erWait.generateCommand(out: "DIR", events: events, seed: seed))
        # Paths are relative to this file. See README.md for what was planted.
        version: 1
        spine:
          path: arrivals.csv
          keys: [hospital_id]
          time: ts
          label: wait_minutes            # numeric: a regression task
        views:
          - name: beds
            kind: lookup
            path: bed_occupancy.csv
            keys: [hospital_id]
            time: ts                     # every 10 minutes
            created: received_at         # 20-120 s later; 2 % 10-60 minutes late
            features: [occupied_beds, waiting_patients]
            ttl: 2d
          - name: hospital_daily
            kind: lookup
            path: hospital_daily.csv
            keys: [hospital_id]
            time: ts
            created: published_at        # 5-7 h after midnight; 3 % a day late
            features: [staffed_beds, arrivals_7d, avg_wait_7d]
            ttl: 3d
            freshness: cadence-1d        # daily batch in production
          - name: queue
            kind: aggregate
            path: arrivals.csv           # the spine's own file is the event log
            keys: [hospital_id]
            time: ts
            aggregations:
              - {function: count, windows: [30m, 1h, 3h, 1d]}
              - {function: mean, column: triage_level, windows: [3h]}
              - {function: time_since_last, windows: [lifetime]}
        freshness:
          levels: [realtime, cadence-5m, cadence-15m, cadence-1h, cadence-4h, cadence-1d]
          views: [beds, queue]           # the real-time candidates

        """
    }
}
