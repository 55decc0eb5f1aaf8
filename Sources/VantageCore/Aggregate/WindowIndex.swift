/// Per-column structures that answer a window `[s, e)` over an event log in O(1) or
/// O(log n), built once per log and shared by every level and window: running sums
/// (double-double, restarting at each key so magnitudes stay local), running non-null
/// counts, and min/max segment trees. Storage is allocated once so scans can hold raw
/// pointers across threads.
final class WindowIndex: Sendable {
    let columns: [String: ColumnStats]
    /// Distinct-value ids (sorted order, -1 = null) per column, for count_distinct.
    let distinct: [String: DistinctIDs]

    init(log: EventLog) {
        var functions = [String: Set<AggregateFunction>]()
        for a in log.spec.aggregations { if let c = a.column { functions[c, default: []].insert(a.function) } }
        var cols = [String: ColumnStats]()
        for (column, fs) in functions {
            guard let values = log.numeric[column] else { continue }
            cols[column] = ColumnStats(values: values, starts: log.starts, functions: fs)
        }
        columns = cols
        var d = [String: DistinctIDs]()
        for (k, v) in log.distinct { d[k] = DistinctIDs(ids: v.ids, count: v.count) }
        distinct = d
    }
}
