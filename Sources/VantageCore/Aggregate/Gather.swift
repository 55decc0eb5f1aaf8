/// Moves values between spine order and key order in tight loops whose iterations are
/// independent, so the CPU overlaps the cache misses of the random side.
enum Gather {
    /// `values[order[k]]` for every k.
    static func values<T>(_ values: [T], at order: [Int32]) -> [T] {
        values.withUnsafeBufferPointer { v in order.map { v[Int($0)] } }
    }

    /// A spine-order array from key-order values: `out[order[k]] = buffer[k]`, `fill` elsewhere.
    static func scatter<T>(_ buffer: SharedBuffer<T>, to order: [Int32], rows: Int, fill: T) -> [T] {
        var out = [T](repeating: fill, count: rows)
        out.withUnsafeMutableBufferPointer { o in
            for (k, r) in order.enumerated() { o[Int(r)] = buffer.pointer[k] }
        }
        return out
    }
}
