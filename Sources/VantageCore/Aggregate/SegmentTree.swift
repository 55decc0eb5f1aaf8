/// Range minimum or maximum over doubles, nulls (NaN) ignored. Storage is raw so a
/// query from the scan's inner loop touches no reference counts.
///
/// - Complexity: O(n) to build, O(log n) per query.
///
/// Why `@unchecked Sendable`: the tree is built in `init` and read-only after.
final class SegmentTree: @unchecked Sendable {
    let tree: UnsafeMutablePointer<Double>
    let n: Int
    let isMin: Bool

    init(_ values: [Double], min: Bool) {
        n = values.count
        isMin = min
        let identity = min ? Double.infinity : -Double.infinity
        let size = 2 * Swift.max(1, n)
        tree = .allocate(capacity: size)
        tree.initialize(repeating: identity, count: size)
        for i in 0..<n where !values[i].isNaN { tree[n + i] = values[i] }
        if n > 1 {
            for i in stride(from: n - 1, through: 1, by: -1) {
                tree[i] = min ? Swift.min(tree[2 * i], tree[2 * i + 1]) : Swift.max(tree[2 * i], tree[2 * i + 1])
            }
        }
    }

    deinit { tree.deallocate() }

    /// Min or max of `[s, e)` over the tree at `tree` with `n` leaves; the identity
    /// (±inf) when the range holds no value.
    @inline(__always)
    static func query(_ tree: UnsafeMutablePointer<Double>, n: Int, isMin: Bool, _ s: Int, _ e: Int) -> Double {
        var l = s + n, r = e + n
        var acc = isMin ? Double.infinity : -Double.infinity
        while l < r {
            if l & 1 == 1 {
                acc = isMin ? Swift.min(acc, tree[l]) : Swift.max(acc, tree[l])
                l += 1
            }
            if r & 1 == 1 {
                r -= 1
                acc = isMin ? Swift.min(acc, tree[r]) : Swift.max(acc, tree[r])
            }
            l >>= 1
            r >>= 1
        }
        return acc
    }

    func query(_ s: Int, _ e: Int) -> Double { Self.query(tree, n: n, isMin: isMin, s, e) }
}
