public enum LoadedView: Sendable {
    case lookup(LookupView)
    case aggregate(EventLog)

    public var spec: ViewSpec {
        switch self {
        case let .lookup(v): return v.spec
        case let .aggregate(v): return v.spec
        }
    }

    public var rowCount: Int {
        switch self {
        case let .lookup(v): return v.rowCount
        case let .aggregate(v): return v.rowCount
        }
    }

    /// Rows whose key occurs on the spine (the others can never be used).
    public var matchedRows: Int {
        switch self {
        case let .lookup(v): return v.matchedRows
        case let .aggregate(v): return v.sortedRow.count
        }
    }

    public var timeRange: ClosedRange<Int64>? {
        switch self {
        case let .lookup(v): return v.timeRange
        case let .aggregate(v): return v.timeRange
        }
    }
}
