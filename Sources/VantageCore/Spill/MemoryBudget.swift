#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// How much memory a run may use and where it may spill: `--memory` and `--tmp`.
///
/// The in-memory path's peak is estimated as `costFactor` times the bytes of the input
/// files. Measured at 10M events: two lookups over 1.33 GB of CSV peak at 1.35 GiB (about
/// 1.1 times), eight window aggregates over the 565 MB spine at 2.1 GiB (about 4 times:
/// a number per window per spine row); 3 sits between them. When the estimate exceeds the
/// budget, the run spills (`SpilledJoin`).
public struct MemoryBudget: Sendable, Equatable {
    /// The budget in bytes.
    public var bytes: Int
    /// The folder under which the private spill folder is created.
    public var tmp: String
    /// Testing only: spill even when the inputs fit, into exactly this many partitions.
    public var forcedPartitions: Int?
    /// Testing only: join exactly this many partitions at once.
    public var forcedWorkers: Int?

    /// Memory the in-memory path needs per byte of input, as measured.
    static let costFactor = 3

    public init(bytes: Int? = nil, tmp: String? = nil, forcedPartitions: Int? = nil, forcedWorkers: Int? = nil) {
        self.bytes = bytes ?? Self.defaultBytes
        self.tmp = tmp ?? Self.defaultTmp
        self.forcedPartitions = forcedPartitions
        self.forcedWorkers = forcedWorkers
    }

    /// A quarter of the machine's physical memory.
    public static var defaultBytes: Int { Int(clamping: ProcessInfo.processInfo.physicalMemory / 4) }

    /// `TMPDIR`, else `/tmp`.
    public static var defaultTmp: String {
        let t = ProcessInfo.processInfo.environment["TMPDIR"] ?? ""
        return t.isEmpty ? "/tmp" : (t.hasSuffix("/") && t.count > 1 ? String(t.dropLast()) : t)
    }

    /// Parses a size: a whole number with an optional unit `B`, `KiB`, `MiB`, `GiB`,
    /// `TiB` (powers of 1024) or `KB`, `MB`, `GB`, `TB` (powers of 1000); `2GiB`, `512MiB`.
    public static func parse(_ text: String) throws(VantageError) -> Int {
        let t = text.trimmingCharacters(in: .whitespaces)
        let digits = t.prefix { $0.isASCII && $0.isNumber }
        let unit = t.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased()
        let units: [String: Int] = ["": 1, "b": 1, "k": 1 << 10, "kib": 1 << 10, "m": 1 << 20, "mib": 1 << 20,
                                    "g": 1 << 30, "gib": 1 << 30, "t": 1 << 40, "tib": 1 << 40,
                                    "kb": 1_000, "mb": 1_000_000, "gb": 1_000_000_000, "tb": 1_000_000_000_000]
        guard let n = Int(digits), let m = units[unit] else {
            throw .usage("--memory \(text): expected a size like 2GiB or 512MiB")
        }
        let (v, over) = n.multipliedReportingOverflow(by: m)
        guard !over, v >= 1 << 20 else {
            throw .usage("--memory \(text): expected a size of at least 1MiB")
        }
        return v
    }

    /// How many partitions a run over `inputBytes` of files needs, or nil when it fits
    /// in memory: the partitions joined at once (`parallelPartitions`) together use at
    /// most half the budget, leaving the other half for the partition pass's state, the
    /// assembly and the write buffers.
    func partitions(inputBytes: Int) -> Int? {
        if let forcedPartitions { return max(1, forcedPartitions) }
        let need = inputBytes.multipliedReportingOverflow(by: Self.costFactor)
        let cost = need.overflow ? Int.max : need.partialValue
        guard cost > bytes else { return nil }
        let per = max(1, bytes / 2 / Self.parallelPartitions)
        return min(1024, max(2, cost / per + 1))
    }

    /// Partitions joined at once when the budget holds them: two, so that one
    /// partition's serial steps (reading its files, formatting its runs) overlap the
    /// other's parallel ones. Measured at 10M events, `--memory 512MiB`, on 2 cores: 30
    /// partitions two at a time took 22–25 s against 27–38 s for 15 one at a time, at
    /// the same peak memory (about 350 MiB).
    static let parallelPartitions = min(2, ProcessInfoCores.count)

    /// How many partitions of a spilling join may be joined at once: as many as fit in
    /// half the budget (the share the partitions are sized for, see `partitions`) when
    /// each costs `costFactor` times the bytes of its files (`largest` the largest), at
    /// most one per core. (At 10M events, `--memory 512MiB`, the peak of the partition
    /// joins was about 3.8 times a partition's bytes above the rest of the run, so the
    /// other half of the budget is not free for more.)
    func partitionWorkers(largest: Int) -> Int {
        if let forcedWorkers { return max(1, forcedWorkers) }
        let per = max(1, largest.multipliedReportingOverflow(by: Self.costFactor).partialValue)
        return max(1, min(ProcessInfoCores.count, bytes / 2 / per))
    }

    /// The peak resident memory of this process so far (`getrusage`), in bytes.
    public static var peakResidentBytes: Int {
        var usage = rusage()
        #if canImport(Darwin)
        guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
        return Int(usage.ru_maxrss)
        #else
        guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
        return Int(usage.ru_maxrss) * 1024
        #endif
    }
}
