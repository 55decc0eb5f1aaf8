/// Held-out rows and their labels, used to decide when to stop boosting.
///
/// Why explicit: by default GBDT holds out the trailing `validationFraction` of its
/// training rows (the most recent, when rows are in time order). A caller that already
/// has a separate, later slice passes it here instead; it is never trained on.
public struct ValidationSet: Sendable {
    /// The held-out rows.
    public let rows: FeatureRows
    /// One label per position of `rows`.
    public let labels: [Double]

    /// Pairs rows with labels (aligned with `rows`' positions).
    public init(rows: FeatureRows, labels: [Double]) {
        self.rows = rows
        self.labels = labels
    }
}
