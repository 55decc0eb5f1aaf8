import Foundation

/// Every input of a spec read once, key-encoded and sorted once. All freshness levels of
/// a join or sweep are computed from this: only as-of times and merge scans are per level.
public final class LoadedInputs: @unchecked Sendable {
    public let spec: Spec
    public let spine: CSVTable
    /// Spine event times `t`, µs.
    public let spineTimes: [Int64]
    public let views: [LoadedView]
    public let encoder: KeyEncoder
    /// Row counts, checksums and sizes of every input, for manifests.
    public let inputs: [InputRecord]
    /// Spine rows whose key has an empty part, per view (they match nothing).
    public let emptyKeyRows: [String: Int]

    init(spec: Spec, spine: CSVTable, spineTimes: [Int64], views: [LoadedView], encoder: KeyEncoder,
         inputs: [InputRecord], emptyKeyRows: [String: Int]) {
        self.spec = spec
        self.spine = spine
        self.spineTimes = spineTimes
        self.views = views
        self.encoder = encoder
        self.inputs = inputs
        self.emptyKeyRows = emptyKeyRows
    }

    public var spineRowCount: Int { spine.rowCount }

    /// Spine columns (as read) then every view's output columns.
    public var outputHeader: [String] { spine.header + views.flatMap { $0.spec.outputColumns } }
}

/// One input file or table as recorded in a manifest.
public struct InputRecord: Sendable, Codable, Equatable {
    public var role: String
    public var source: String
    public var rows: Int
    public var bytes: Int?
    public var sha256: String?
    /// Rows skipped for an unparseable time (only with `--drop-bad-times`).
    public var droppedRows: Int?

    public init(role: String, source: String, rows: Int, bytes: Int?, sha256: String?, droppedRows: Int? = nil) {
        self.role = role
        self.source = source
        self.rows = rows
        self.bytes = bytes
        self.sha256 = sha256
        self.droppedRows = droppedRows
    }

    enum CodingKeys: String, CodingKey {
        case role, source, rows, bytes, sha256
        case droppedRows = "dropped_rows"
    }
}

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

/// A lookup view ready to merge: rows grouped by key and, inside a key, ordered by the
/// time they became visible, `v = max(τ, c)` (docs/semantics.md, "How the engine computes it").
public struct LookupView: Sendable {
    public let spec: ViewSpec
    public let space: KeyEncoder.Space
    public let features: [TextColumn]
    /// Per source row, its features already written as CSV fields joined by commas, so
    /// the writer copies one contiguous run per view per output row instead of gathering
    /// each feature from a different column (the gather is random access: spine order is
    /// time order, view rows are scattered).
    let fragments: TextColumn
    /// Per source row.
    public let tau: [Int64]
    /// Sorted by (key, v): group `k` is `starts[k]..<starts[k+1]`.
    public let starts: [Int]
    let sortedVisible: [Int64]
    let sortedTau: [Int64]
    let sortedCreated: [Int64]
    let sortedRow: [Int32]
    public let rowCount: Int
    public let matchedRows: Int
    public let timeRange: ClosedRange<Int64>?
}

/// An event log ready for windows: events grouped by key and sorted by `τ`, ties in
/// source order (so the last of equal times is the last in source, as `last` needs).
public struct EventLog: Sendable {
    public let spec: ViewSpec
    public let space: KeyEncoder.Space
    public let starts: [Int]
    let sortedTau: [Int64]
    let sortedRow: [Int32]
    /// Numeric columns in sorted order (NaN = null), by column name.
    let numeric: [String: [Double]]
    /// Text columns by source row (for `last`), by column name.
    let text: [String: TextColumn]
    /// Exact-text value ids in sorted order (-1 = null) and how many distinct, for count_distinct.
    let distinct: [String: (ids: [Int32], count: Int)]
    public let rowCount: Int
    public let timeRange: ClosedRange<Int64>?
}

/// The smallest and largest of some times (dropped rows left out), nil when none.
func timeRange(_ times: [Int64], skipping dropped: TimeColumn.Dropped? = nil) -> ClosedRange<Int64>? {
    var lo = Int64.max, hi = Int64.min
    for (r, t) in times.enumerated() where dropped?.rows.contains(r) != true {
        if t < lo { lo = t }
        if t > hi { hi = t }
    }
    return lo <= hi ? lo...hi : nil
}
