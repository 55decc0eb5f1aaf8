/// The moving bounds of every window of one log, within one key's events.
struct WindowScan {
    let bounds: [WindowBound]
    /// Per window, the first event in the window; all windows end at `end`.
    var starts: [Int]
    private(set) var end = 0
    private var g0 = 0, g1 = 0
    private var lastA = Int64.min
    private var startTargets: [Int64]

    init(bounds: [WindowBound]) {
        self.bounds = bounds
        starts = Array(repeating: 0, count: bounds.count)
        startTargets = Array(repeating: .min, count: bounds.count)
    }

    mutating func beginGroup(_ start: Int, _ stop: Int) {
        g0 = start
        g1 = stop
        end = g0
        lastA = .min
        for i in starts.indices {
            starts[i] = g0
            startTargets[i] = .min
        }
    }

    /// First index in `[from, g1)` with `tau ≥ target`, scanning forward from `from`
    /// when the target did not move back, else by binary search over the whole group.
    @inline(__always)
    private func firstAtOrAfter(_ target: Int64, from: Int, movedBack: Bool, tau: UnsafeBufferPointer<Int64>) -> Int {
        if movedBack {
            var lo = g0, hi = g1
            while lo < hi {
                let mid = (lo + hi) >> 1
                if tau[mid] < target { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        var i = from
        while i < g1 && tau[i] < target { i += 1 }
        return i
    }

    mutating func move(to a: Int64, tau: UnsafeBufferPointer<Int64>) {
        end = firstAtOrAfter(a, from: end, movedBack: a < lastA, tau: tau)
        lastA = a
        for w in 0..<bounds.count {
            let b = bounds[w]
            if b.kind == 0 {
                starts[w] = g0
                continue
            }
            let target = b.start(for: a)
            let s = firstAtOrAfter(target, from: starts[w], movedBack: target < startTargets[w], tau: tau)
            startTargets[w] = target
            starts[w] = min(s, end)
        }
    }
}
