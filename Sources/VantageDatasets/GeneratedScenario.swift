import Foundation

/// What ``generate(_:events:seed:into:progress:)`` wrote.
public struct GeneratedScenario: Sendable, Equatable {
    /// The scenario generated.
    public let scenario: Scenario
    /// The folder written into.
    public let directory: URL
    /// The number of spine rows (``Scenario/eventNoun``).
    public let events: Int
    /// The seed; the same seed and events give byte-identical files.
    public let seed: UInt64
    /// The CSV tables, spine first, in the order the spec names them.
    public let tables: [GeneratedFile]
    /// The spec file's name inside ``directory`` (`spec.yaml`).
    public let specFile: String

    /// The spec file's location.
    public var specURL: URL { directory.appendingPathComponent(specFile) }
}
