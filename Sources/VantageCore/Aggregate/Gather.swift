import CPrefetch
import Dispatch

/// Moves values between spine order and key order in tight loops whose iterations are
/// independent, so the CPU overlaps the cache misses of the random side. Large arrays are
/// split into contiguous ranges on all cores: every position is read or written by exactly
/// one range, so the result does not depend on the split.
enum Gather {
    /// Below this many values one core does it: a thread hand-off costs more.
    static let parallelThreshold = 1 << 16

    /// `values[order[k]]` for every k.
    static func values<T>(_ values: [T], at order: [Int32]) -> [T] {
        guard order.count >= parallelThreshold, ProcessInfoCores.count > 1 else {
            return values.withUnsafeBufferPointer { v in order.map { v[Int($0)] } }
        }
        return [T](unsafeUninitializedCapacity: order.count) { out, initialized in
            let target = Target(base: out.baseAddress!)
            values.withUnsafeBufferPointer { v in
            order.withUnsafeBufferPointer { o in
                let source = Source(values: v, order: o)
                forEachRange(order.count) { range in
                    for k in range {
                        // A hint for the value `prefetchDistance` positions on (see CellSources).
                        let ahead = k &+ CellSources.prefetchDistance
                        if ahead < range.upperBound { vantage_prefetch(source.values.baseAddress! + Int(source.order[ahead])) }
                        (target.base + k).initialize(to: source.values[Int(source.order[k])])
                    }
                }
            }}
            initialized = order.count
        }
    }

    /// A spine-order array from key-order values: `out[order[k]] = buffer[k]`, `fill` elsewhere.
    /// `order` holds distinct rows (a grouping's order), so ranges write disjoint positions.
    static func scatter<T>(_ buffer: SharedBuffer<T>, to order: [Int32], rows: Int, fill: T) -> [T] {
        var out = [T](repeating: fill, count: rows)
        out.withUnsafeMutableBufferPointer { o in
            guard order.count >= parallelThreshold, ProcessInfoCores.count > 1 else {
                for (k, r) in order.enumerated() { o[Int(r)] = buffer.pointer[k] }
                return
            }
            let target = Target(base: o.baseAddress!)
            order.withUnsafeBufferPointer { ord in
                let keyOrder = Source(values: UnsafeBufferPointer(start: buffer.pointer, count: buffer.count), order: ord)
                forEachRange(order.count) { range in
                    // Distinct rows: `precondition` keeps a wrong order from writing out of range.
                    for k in range {
                        let ahead = k &+ CellSources.prefetchDistance
                        if ahead < range.upperBound { vantage_prefetch_write(target.base + Int(keyOrder.order[ahead])) }
                        let r = Int(keyOrder.order[k])
                        precondition(r >= 0 && r < rows)
                        target.base[r] = keyOrder.values[k]
                    }
                }
            }
        }
        return out
    }

    /// Runs `body` on contiguous ranges covering `0..<count`, one per core.
    private static func forEachRange(_ count: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let parts = ProcessInfoCores.count
        DispatchQueue.concurrentPerform(iterations: parts) { p in
            body((count * p / parts)..<(count * (p + 1) / parts))
        }
    }

    /// Why `@unchecked Sendable`: each range reads these buffers only, while the caller keeps
    /// them alive and unchanged until every range has joined.
    private struct Source<T>: @unchecked Sendable {
        let values: UnsafeBufferPointer<T>
        let order: UnsafeBufferPointer<Int32>
    }

    /// Why `@unchecked Sendable`: ranges write disjoint positions (see the callers), and the
    /// caller reads only after every range has joined.
    private struct Target<T>: @unchecked Sendable {
        let base: UnsafeMutablePointer<T>
    }
}
