/// Why a scenario could not be generated. Messages are lowercase and say what to do.
public enum DatasetsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No scenario has this name; `suggestion` is the closest one, if any is close.
    case unknownScenario(String, suggestion: String?)
    /// `--events` is outside ``Scenario/supportedEvents``.
    case eventsOutOfRange(Int, supported: ClosedRange<Int>)
    /// The output path exists and is not a directory.
    case notADirectory(path: String)
    /// The output directory could not be created.
    case cannotCreateDirectory(path: String, reason: String)
    /// A file could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .unknownScenario(let name, let suggestion):
            let names = Scenario.allCases.map(\.rawValue).joined(separator: ", ")
            if let suggestion {
                return "unknown scenario \"\(name)\"; did you mean \"\(suggestion)\"? (scenarios: \(names))"
            }
            return "unknown scenario \"\(name)\"; choose one of: \(names)"
        case .eventsOutOfRange(let events, let supported):
            return "events must be between \(supported.lowerBound) and \(supported.upperBound), got \(events)"
        case .notADirectory(let path):
            return "\(path) exists and is not a directory; choose another --out"
        case .cannotCreateDirectory(let path, let reason):
            return "cannot create directory \(path): \(reason)"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason)"
        }
    }
}
