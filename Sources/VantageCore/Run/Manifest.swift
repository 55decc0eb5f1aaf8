import Foundation

/// What a run read and wrote, so it can be reproduced and audited: inputs with row counts
/// and SHA-256, the spec, the levels, the tool version and the timings.
public struct Manifest: Codable, Sendable {
    public struct SpecRecord: Codable, Sendable, Equatable {
        public var path: String
        public var sha256: String
        public var text: String
    }

    public struct OutputRecord: Codable, Sendable, Equatable {
        public var level: String
        public var path: String
        public var rows: Int
        public var columns: Int
    }

    public var tool: String = "vantage"
    public var version: String = VantageVersion.current
    public var command: String
    public var createdAt: String
    public var spec: SpecRecord
    public var inputs: [InputRecord]
    /// The level applied to the varied views, per output.
    public var levels: [String]
    /// Each view's level in a single join (views not varied keep their own).
    public var viewLevels: [String: String]?
    public var outputs: [OutputRecord]
    public var timingsSeconds: [String: Double]
    /// The memory budget of the run (`--memory`), whether it spilled to `--tmp`, into how
    /// many partitions, and the process's peak resident memory (`getrusage`).
    public var memoryBudgetBytes: Int?
    public var spilled: Bool?
    public var partitions: Int?
    public var peakRssBytes: Int?

    enum CodingKeys: String, CodingKey {
        case tool, version, command, spec, inputs, levels, outputs
        case createdAt = "created_at"
        case viewLevels = "view_levels"
        case timingsSeconds = "timings_seconds"
        case memoryBudgetBytes = "memory_budget_bytes"
        case spilled, partitions
        case peakRssBytes = "peak_rss_bytes"
    }

    /// Records the memory figures of a run (see `memoryBudgetBytes`).
    public mutating func recordMemory(budget: MemoryBudget, partitions: Int?) {
        memoryBudgetBytes = budget.bytes
        spilled = partitions != nil
        self.partitions = partitions ?? 1
        peakRssBytes = MemoryBudget.peakResidentBytes
    }

    public static func specRecord(_ spec: Spec) -> SpecRecord {
        SpecRecord(path: spec.path, sha256: Checksum.sha256Hex(Array(spec.text.utf8)), text: spec.text)
    }

    public func jsonBytes() throws(VantageError) -> [UInt8] {
        try JSONOutput.encode(self)
    }
}

public enum VantageVersion {
    public static let current = "0.1.0"
}

/// JSON with sorted keys and pretty printing, so files diff well.
public enum JSONOutput {
    public static func encode<T: Encodable>(_ value: T) throws(VantageError) -> [UInt8] {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try enc.encode(value)) + [10]
        } catch {
            throw .io(path: "json", message: "cannot encode: \(error)")
        }
    }
}

/// Wall-clock stages of a run: a manifest's `timings_seconds` and the backtest's fit time.
/// (Finer stage timings on stderr come from `Trace`, with `VANTAGE_TRACE=1`.)
public struct Stopwatch {
    private var last = DispatchTime.now().uptimeNanoseconds
    public private(set) var stages: [String: Double] = [:]

    public init() {}

    public mutating func lap(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        stages[name, default: 0] += Double(now - last) / 1e9
        last = now
    }

    public var total: Double { stages.values.reduce(0, +) }
}
