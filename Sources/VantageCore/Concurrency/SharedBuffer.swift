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
