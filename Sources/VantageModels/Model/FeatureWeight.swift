/// A named number attached to a feature: a coefficient or an importance.
///
/// Why a struct rather than a dictionary: order matters (features in column order), and
/// a report writes these straight to JSON as `{"name": ..., "value": ...}` rows.
public struct FeatureWeight: Sendable, Hashable, Codable {
    /// The feature (or design column) name.
    public let name: String
    /// The value: a standardised coefficient, a total split gain, and so on.
    public let value: Double

    /// Creates a named value.
    public init(name: String, value: Double) {
        self.name = name
        self.value = value
    }
}
