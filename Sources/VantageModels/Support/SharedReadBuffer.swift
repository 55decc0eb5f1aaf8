/// A read-only buffer that parallel work items share.
///
/// Why `@unchecked Sendable`: nothing writes the memory while the items run, and its owner
/// outlives them (every use wraps a `withUnsafeBufferPointer` around the parallel section).
struct SharedReadBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<Element>
    init(_ buffer: UnsafeBufferPointer<Element>) { self.buffer = buffer }
    subscript(index: Int) -> Element { buffer[index] }
}
