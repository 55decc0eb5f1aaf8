import Foundation

/// Every input of a spec read once, key-encoded and sorted once. All freshness levels of
/// a join or sweep are computed from this: only as-of times and merge scans are per level.
public final class LoadedInputs: Sendable {
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
    /// The spine grouped by each view's key, begun while the views were loading.
    let spineOrders: SpineOrders

    init(spec: Spec, spine: CSVTable, spineTimes: [Int64], views: [LoadedView], encoder: KeyEncoder,
         inputs: [InputRecord], emptyKeyRows: [String: Int], spineOrders: SpineOrders) {
        self.spineOrders = spineOrders
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

/// The smallest and largest of some times (dropped rows left out), nil when none.
func timeRange(_ times: [Int64], skipping dropped: TimeColumn.Dropped? = nil) -> ClosedRange<Int64>? {
    var lo = Int64.max, hi = Int64.min
    for (r, t) in times.enumerated() where dropped?.rows.contains(r) != true {
        if t < lo { lo = t }
        if t > hi { hi = t }
    }
    return lo <= hi ? lo...hi : nil
}
