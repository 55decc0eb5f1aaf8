/// How a time column is written in a source (`time_format` in the spec).
public enum TimeFormat: String, Sendable, Codable, CaseIterable {
    case iso8601
    case epochSeconds = "epoch_s"
    case epochMillis = "epoch_ms"
    case epochMicros = "epoch_us"

    var microsPerUnit: Int64 {
        switch self {
        case .iso8601, .epochMicros: return 1
        case .epochMillis: return 1_000
        case .epochSeconds: return 1_000_000
        }
    }

    /// What a user should have written, for error messages.
    var expectation: String {
        switch self {
        case .iso8601: return "an ISO-8601 time like 2024-03-01T12:00:00Z"
        case .epochSeconds: return "epoch seconds like 1709294400"
        case .epochMillis: return "epoch milliseconds like 1709294400000"
        case .epochMicros: return "epoch microseconds like 1709294400000000"
        }
    }
}
