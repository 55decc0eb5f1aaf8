/// A fixed-size buffer written by several threads at disjoint positions, then read.
///
/// Why `@unchecked Sendable`: the compiler cannot prove that concurrent writers touch
/// disjoint positions; every use writes position `i` from exactly one job (the job that
/// owns row, partition or chunk `i`) and reads only after the parallel section has joined.
final class SharedBuffer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    let count: Int

    init(count: Int, value: T) {
        self.count = count
        pointer = .allocate(capacity: max(1, count))
        pointer.initialize(repeating: value, count: count)
    }

    func array() -> [T] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    deinit {
        pointer.deinitialize(count: count)
        pointer.deallocate()
    }
}

/// A pointer into memory that several jobs write, each at positions of its own.
/// Why `@unchecked Sendable`: as for `SharedBuffer`, the jobs write disjoint positions and
/// the owner reads only after every job has finished.
struct SharedPointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
}

extension Array where Element: BitwiseCopyable {
    /// `count` elements written in place by `fill`, which may split the work over jobs
    /// (each writing positions of its own) and must write every element before it
    /// returns. The array's own memory: not set first and not copied out afterwards, as
    /// a `SharedBuffer`'s is (at ten million rows, 80 MB written twice more per array).
    static func written(count: Int, by fill: (SharedPointer<Element>) -> Void) -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0, let base = buffer.baseAddress { fill(SharedPointer(pointer: base)) }
            initialized = count
        }
    }
}
