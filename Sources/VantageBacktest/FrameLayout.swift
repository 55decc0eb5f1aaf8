import VantageCore

/// Which columns of a training set a backtest reads, decided once from the spec, the
/// options and the training set's header, before any training set is parsed: the
/// label, the event time, the feature columns in order and the value model's column.
struct FrameLayout: Sendable {
    let label: String
    let time: String
    let timeFormat: TimeFormat
    /// `--spine-features` first, then every view output column present in the header.
    let features: [String]
    /// The column holding each positive's value (`value.positive_value: {column: …}`).
    let valueColumn: String?
    /// The spine column of `--segment-by`.
    let segmentColumn: String?

    /// Every column to keep when parsing.
    var keep: Set<String> { Set(features + [label, time] + [valueColumn, segmentColumn].compactMap { $0 }) }

    static func label(spec: Spec, options: BacktestOptions) throws(VantageError) -> String {
        guard let label = options.label ?? spec.spine.label else {
            throw .usage("no label: set spine.label in the spec or pass --label")
        }
        return label
    }

    init(spec: Spec, header: [String], options: BacktestOptions) throws(VantageError) {
        label = try Self.label(spec: spec, options: options)
        time = spec.spine.time
        timeFormat = spec.spine.timeFormat
        for c in options.spineFeatures where !header.contains(c) {
            throw .usage("--spine-features: no column \"\(c)\" in the training sets")
        }
        for c in options.spineFeatures where c == label || c == spec.spine.time {
            throw .usage("--spine-features: \(c) is the label or the time column, not a feature")
        }
        guard header.contains(label) else {
            throw .usage("no label column \"\(label)\" in the training sets (columns: \(header.joined(separator: ", ")))")
        }
        let viewColumns = Set(spec.views.flatMap(\.outputColumns))
        features = options.spineFeatures + header.filter { viewColumns.contains($0) }
        if case let .column(c)? = spec.value?.positiveValue {
            guard header.contains(c) else { throw .spec(path: "value.positive_value", message: "no column \"\(c)\" in the training set") }
            valueColumn = c
        } else {
            valueColumn = nil
        }
        if let c = options.segmentBy, !header.contains(c) {
            throw .usage("--segment-by: no column \"\(c)\" in the training sets")
        }
        segmentColumn = options.segmentBy
    }
}
