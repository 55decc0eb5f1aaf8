import Dispatch
import Foundation

/// Deterministic fork–join over a fixed number of work items.
///
/// Why: training and the bootstrap should use every core, yet give the same bits for the
/// same seed on any machine. Work is split into items whose results do not depend on
/// which thread runs them (each item writes only its own slots, and draws from its own
/// seeded stream), so scheduling never changes the output.
enum Parallel {
    /// The number of threads worth using: the active processor count.
    static let workerCount = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Calls `body(i)` for every `i` in `0..<iterations`, concurrently when `concurrent`
    /// is true and there is more than one item and one core. Returns when all are done.
    static func forEach(_ iterations: Int, concurrent: Bool = true, _ body: @Sendable (Int) -> Void) {
        guard iterations > 0 else { return }
        if iterations == 1 || !concurrent || workerCount == 1 {
            for item in 0..<iterations { body(item) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: iterations, execute: body)
    }

    /// Splits `0..<count` into at most `parts` contiguous, nearly equal ranges.
    static func ranges(_ count: Int, parts: Int) -> [Range<Int>] {
        let parts = max(1, min(parts, count))
        return (0..<parts).map { part in (count * part / parts)..<(count * (part + 1) / parts) }
    }
}
