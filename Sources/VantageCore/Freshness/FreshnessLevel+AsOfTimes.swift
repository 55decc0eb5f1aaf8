import Dispatch

extension FreshnessLevel {
    /// As-of times of every spine row for a view with data delay `delay`.
    func asOfTimes(_ times: [Int64], delay: Duration) -> [Int64] {
        // Real time without a delay: `a` is `t` itself, shared rather than copied.
        if mode == .realtime && delay.isZero { return times }
        let chunk = 1 << 16
        return [Int64].written(count: times.count) { out in
            // Chunk `c` writes only its own positions.
            DispatchQueue.concurrentPerform(iterations: (times.count + chunk - 1) / chunk) { c in
                let o = out.pointer
                times.withUnsafeBufferPointer { t in
                    for i in (c * chunk)..<min(t.count, (c + 1) * chunk) { o[i] = asOf(t[i], delay: delay) }
                }
            }
        }
    }
}
