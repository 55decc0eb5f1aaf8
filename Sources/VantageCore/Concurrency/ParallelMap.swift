import Dispatch

/// Runs independent jobs on all cores and returns their results in order.
///
/// Why a helper: `DispatchQueue.concurrentPerform` hands back nothing, and collecting results
/// from it needs a buffer shared by the workers; here that buffer is a `SharedBuffer` whose
/// slot `i` only job `i` writes, so callers stay free of unsafe pointers.
public enum ParallelMap {
    /// `[body(0), body(1), …, body(count - 1)]`, the calls spread over all cores.
    public static func run<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        if count == 1 { return [body(0)] }
        let out = SharedBuffer<T?>(count: count, value: nil)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            out.pointer[i] = body(i)
        }
        return (0..<count).map { out.pointer[$0]! }
    }
}
