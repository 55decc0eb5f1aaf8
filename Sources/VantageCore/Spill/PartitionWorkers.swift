import Dispatch

/// Runs the partitions of a spilling join, up to `workers` at once, and returns their
/// results in partition order.
///
/// Why not `ParallelMap`: a partition's work throws, holds a share of the memory budget
/// (so how many run at once is chosen, not all cores), and its body touches state that
/// is not `Sendable` (the spec, the spill folder). Errors are reported as a run one after
/// the other reports them: once a partition fails no new one starts, the running ones
/// finish, and the error of the first failing partition in order is thrown (every
/// partition before it had started, so none of them failed).
enum PartitionWorkers {
    /// `[body(0), …, body(count - 1)]`, at most `workers` running at a time.
    static func run<T>(_ count: Int, workers: Int, _ body: (Int) throws(VantageError) -> T) throws(VantageError) -> [T] {
        let k = max(1, min(workers, count))
        if k == 1 {
            var out = [T]()
            for i in 0..<count { out.append(try body(i)) }
            return out
        }
        let slots = SharedBuffer<Result<T, VantageError>?>(count: count, value: nil)
        let next = Locked((index: 0, failed: false))
        try withoutActuallyEscaping(body) { (body) throws(VantageError) in
            let job = Job(body: body)
            DispatchQueue.concurrentPerform(iterations: k) { _ in
                while true {
                    let i: Int? = next.withLock { s in
                        guard !s.failed, s.index < count else { return nil }
                        s.index += 1
                        return s.index - 1
                    }
                    guard let i else { return }
                    do throws(VantageError) {
                        slots.pointer[i] = .success(try job.body(i))
                    } catch {
                        slots.pointer[i] = .failure(error)
                        next.withLock { $0.failed = true }
                    }
                }
            }
        }
        var out = [T]()
        out.reserveCapacity(count)
        for i in 0..<count {
            switch slots.pointer[i] {
            case let .success(v)?: out.append(v)
            case let .failure(e)?: throw e
            case nil: break  // not started: a partition before it failed
            }
        }
        return out
    }

    /// The body as the workers share it.
    ///
    /// Why `@unchecked Sendable`: each index is run by exactly one worker, which writes
    /// only that partition's files and result slot; what the bodies share (the sweep's
    /// profile parts, the cancellation flag) is behind locks.
    private struct Job<T>: @unchecked Sendable {
        let body: (Int) throws(VantageError) -> T
    }
}
