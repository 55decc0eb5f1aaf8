import VantageCore
import VantageModels

/// Where the headline uplift (the freshest level against the baseline) comes from: the
/// same paired comparison on subsets of the pooled test rows.
/// - `changed`: rows where some candidate-view feature differs between the two levels,
///   and rows where none does (there freshness cannot help, so the uplift should be ~0).
/// - `history`: the entity's history at the baseline level, as the number of candidate
///   features with a value there (not empty, not 0): `none` (no feature has one), then
///   `short` (fewer than the median count among rows with some) and `long` (the median
///   or more). Counting features rather than a share keeps short windows, empty at a
///   stale level for every row, from making every row look history-less.
/// - `column:<name>`: each value of a spine column (`--segment-by`), largest 20.
struct SegmentAnalysis {
    let spec: Spec
    let layout: FrameLayout
    /// Pooled test rows (frame row indices), in prediction order.
    let pooled: [Int]
    let labels: [Double]
    let level: String
    let baseline: String
    let metric: Metric
    let bootstrap: PairedBootstrap

    /// Smallest subset compared; smaller ones are listed without an uplift.
    static let minimumRows = 30

    func segments(fresh: TrainingFrame, stale: TrainingFrame, a: [Double], b: [Double], segmentBy: String?) throws(VantageError) -> [Segment] {
        let candidateColumns = Set(spec.views.filter { spec.candidateViews.contains($0.name) }.flatMap(\.outputColumns))
        let cols = layout.features.indices.filter { candidateColumns.contains(layout.features[$0]) }
        var groups = [(by: String, value: String, members: [Int])]()
        // Positions in the pooled order.
        var changed = [Int](), unchanged = [Int]()
        var none = [Int](), counts = [(Int, Int)]()
        for (k, r) in pooled.enumerated() {
            if cols.contains(where: { !fresh.sameValue($0, r, in: stale) }) { changed.append(k) } else { unchanged.append(k) }
            let with = cols.filter { stale.hasValue($0, r) }.count
            if with == 0 { none.append(k) } else { counts.append((k, with)) }
        }
        let sorted = counts.map(\.1).sorted()
        let median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        let short = counts.filter { $0.1 < median }.map(\.0), long = counts.filter { $0.1 >= median }.map(\.0)
        groups += [("changed", "changed", changed), ("changed", "unchanged", unchanged),
                   ("history", "none", none), ("history", "short", short), ("history", "long", long)]
        if let c = segmentBy, let values = fresh.segmentValues {
            var byValue = [String: [Int]]()
            for (k, r) in pooled.enumerated() { byValue[values[r], default: []].append(k) }
            let top = byValue.sorted { $0.value.count > $1.value.count || ($0.value.count == $1.value.count && $0.key < $1.key) }.prefix(20)
            groups += top.map { ("column:\(c)", $0.key, $0.value) }
        }
        var out = [Segment]()
        for g in groups where !g.members.isEmpty {
            let y = g.members.map { labels[$0] }
            let positives = metric.isBinary ? y.filter { $0 == 1 }.count : nil
            var delta: Double?, ci: [Double]?
            let defined = g.members.count >= Self.minimumRows && (positives.map { $0 > 0 && $0 < y.count } ?? true)
            if defined, let c = try? bootstrap.compare(labels: y, predictionsA: g.members.map { a[$0] },
                                                       predictionsB: g.members.map { b[$0] }, metric: metric),
               c.delta.isFinite, c.lower.isFinite, c.upper.isFinite {
                delta = c.delta
                ci = [c.lower, c.upper]
            }
            out.append(Segment(by: g.by, value: g.value, rows: g.members.count, positives: positives, level: level,
                               metric: metric.label, delta: delta, ci: ci))
        }
        return out
    }
}
