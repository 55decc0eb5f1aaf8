/// A buffer that parallel work items may share because each writes disjoint elements.
///
/// Why `@unchecked Sendable`: the compiler cannot see that writes are disjoint; every use
/// site documents which slots an item owns.
struct SharedMutableBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
    subscript(index: Int) -> Element {
        get { buffer[index] }
        nonmutating set { buffer[index] = newValue }
    }
}
