import Foundation

/// How many cores to split work over: the processors this process may run on.
///
/// Why not a fixed number: partitions are cheap, and a cap would leave cores idle on larger
/// machines; outputs never depend on the count (every split is merged in a fixed order).
enum ProcessInfoCores {
    static let count: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
}
