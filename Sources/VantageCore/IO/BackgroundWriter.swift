import Foundation
import Dispatch

/// Writes formatted batches to the file on a serial queue, one batch at a time, so the
/// next batch can be formatted meanwhile; remembers the first failure.
///
/// Why `@unchecked Sendable`: `error` is read and written while holding `lock`; `pending`
/// is touched only by the one thread that calls `write` and `waitForPrevious`; the file is
/// written only from the serial queue.
final class BackgroundWriter: @unchecked Sendable {
    private let file: AtomicFile
    private let queue = DispatchQueue(label: "vantage.training-set-writer")
    private var pending: DispatchWorkItem?
    private let lock = NSLock()
    private var error: VantageError?

    init(file: AtomicFile) { self.file = file }

    var failure: VantageError? {
        lock.lock()
        defer { lock.unlock() }
        return error
    }

    var failed: Bool { failure != nil }

    func write(_ sinks: SharedBuffer<ByteSink>, count: Int) {
        let item = DispatchWorkItem { [self] in
            for k in 0..<count {
                if failed { break }
                do throws(VantageError) {
                    try file.write(UnsafeRawBufferPointer(start: sinks.pointer[k].base, count: sinks.pointer[k].count))
                } catch {
                    lock.lock()
                    if self.error == nil { self.error = error }
                    lock.unlock()
                }
                sinks.pointer[k].clear()
            }
        }
        pending = item
        queue.async(execute: item)
    }

    func waitForPrevious() {
        pending?.wait()
        pending = nil
    }
}
