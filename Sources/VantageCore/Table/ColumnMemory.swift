#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The memory behind a `TextColumn`'s bytes or offsets: one `malloc` block, copied on
/// write when shared, as an `Array` is.
///
/// Why not an `Array`: the parser builds a column on raw memory (`ColumnBuilder`), and
/// an array can only be made by copying it, which at ten million rows meant every
/// column's bytes and offsets copied once more into memory touched for the first time
/// (a page fault per 4 KiB) while the builder's copy was still resident. This takes the
/// builder's block over as it is.
///
/// Why `@unchecked Sendable`: the block is written only through a mutating method, which
/// first copies it unless this value is its only owner (`isKnownUniquelyReferenced`), so
/// a block shared between values or threads is never written.
public struct ColumnMemory<Element: BitwiseCopyable>: @unchecked Sendable {
    final class Block {
        var base: UnsafeMutablePointer<Element>
        var count: Int
        var capacity: Int

        /// Owns `base`, `malloc`ed with room for `capacity` elements, `count` of them set.
        init(owning base: UnsafeMutablePointer<Element>, count: Int, capacity: Int) {
            self.base = base
            self.count = count
            self.capacity = capacity
        }

        deinit { releaseMemory(base) }
    }

    private var block: Block

    public init() {
        block = Block(owning: Self.allocate(1), count: 0, capacity: 1)
    }

    public init(_ elements: some Collection<Element>) {
        self.init()
        append(contentsOf: elements)
    }

    /// Takes over `base` (`malloc`ed, `count` elements set, possibly more room), which
    /// the caller must no longer use or free. Spare room past a few pages is given back.
    init(adopting base: UnsafeMutablePointer<Element>, count: Int, capacity: Int) {
        var base = base, capacity = capacity
        if (capacity - count) * MemoryLayout<Element>.stride > 1 << 16,
           let shrunk = realloc(base, max(1, count) * MemoryLayout<Element>.stride) {
            base = shrunk.assumingMemoryBound(to: Element.self)
            capacity = max(1, count)
        }
        block = Block(owning: base, count: count, capacity: capacity)
    }

    public var count: Int { block.count }
    public var isEmpty: Bool { block.count == 0 }

    @inline(__always)
    public subscript(i: Int) -> Element {
        precondition(i >= 0 && i < block.count, "column index out of range")
        return block.base[i]
    }

    @inline(__always)
    public func withUnsafeBufferPointer<R, E: Error>(_ body: (UnsafeBufferPointer<Element>) throws(E) -> R) throws(E) -> R {
        let b = block
        return try withExtendedLifetime(b) { () throws(E) -> R in
            try body(UnsafeBufferPointer(start: b.base, count: b.count))
        }
    }

    public mutating func reserveCapacity(_ n: Int) {
        unique(capacity: n)
    }

    public mutating func append(_ e: Element) {
        unique(capacity: block.count + 1)
        block.base[block.count] = e
        block.count += 1
    }

    public mutating func append(contentsOf elements: some Collection<Element>) {
        let n = elements.count
        guard n > 0 else { return }
        unique(capacity: block.count + n)
        let into = UnsafeMutableBufferPointer(start: block.base + block.count, count: n)
        _ = into.initialize(from: elements)
        block.count += n
    }

    /// Gives back the room past the last element.
    public mutating func shrinkToFit() {
        guard block.capacity > max(1, block.count) else { return }
        if isKnownUniquelyReferenced(&block) {
            grow(to: max(1, block.count))
        } else {
            copyBlock(capacity: max(1, block.count))
        }
    }

    /// Makes the block this value's own, with room for `capacity` elements.
    private mutating func unique(capacity needed: Int) {
        if !isKnownUniquelyReferenced(&block) {
            copyBlock(capacity: max(needed, block.count))
        } else if needed > block.capacity {
            grow(to: max(needed, block.capacity * 2))
        }
    }

    private mutating func copyBlock(capacity: Int) {
        let fresh = Self.allocate(capacity)
        fresh.update(from: block.base, count: block.count)
        block = Block(owning: fresh, count: block.count, capacity: capacity)
    }

    /// `realloc`: a large block grows by remapping its pages, without a second copy.
    private func grow(to capacity: Int) {
        guard let fresh = realloc(block.base, capacity * MemoryLayout<Element>.stride) else {
            fatalError("out of memory growing a column to \(capacity) elements")
        }
        block.base = fresh.assumingMemoryBound(to: Element.self)
        block.capacity = capacity
    }

    private static func allocate(_ n: Int) -> UnsafeMutablePointer<Element> {
        guard let p = malloc(max(1, n) * MemoryLayout<Element>.stride) else { fatalError("out of memory allocating a column") }
        return p.assumingMemoryBound(to: Element.self)
    }
}
