import Dispatch

/// Reads a run's view sources one after another on a queue of their own, ahead of the
/// loader: the first view's file is read beside the spine (each read alone leaves part of
/// a core idle), the next while the spine's keys are encoded and the view before it is
/// prepared.
///
/// `ahead` bounds the sources read but not yet taken (the one being read included), so
/// at most `ahead + 1` view sources are held at once: the one being prepared and those
/// read ahead.
///
/// Why `@unchecked Sendable`: `results` and `stopped` are touched only with `lock` held;
/// `order` and `read` are immutable.
final class SourcePrefetch: @unchecked Sendable {
    typealias Read = @Sendable (Int) throws(VantageError) -> (CSVTable, InputRecord)

    private let order: [Int]
    private let read: Read
    private let lock = Locked(State())
    /// Signalled when a table (or an error) is ready to be taken.
    private let ready = DispatchSemaphore(value: 0)
    /// Signalled when the table before was taken: the reader may go on to the next.
    private let room = DispatchSemaphore(value: 0)

    private struct State: Sendable {
        var results: [Int: Result<(CSVTable, InputRecord), VantageError>] = [:]
        var stopped = false
    }

    /// Starts reading the sources `order` (indexes for `read`), in that order.
    init(order: [Int], ahead: Int, read: @escaping Read) {
        self.order = order
        self.read = read
        guard !order.isEmpty else { return }
        let ahead = max(1, ahead)
        DispatchQueue.global().async { [self] in
            for (k, i) in order.enumerated() {
                if k >= ahead { room.wait() }
                if lock.withLock({ $0.stopped }) { break }
                let result: Result<(CSVTable, InputRecord), VantageError>
                do throws(VantageError) { result = .success(try read(i)) } catch { result = .failure(error) }
                lock.withLock { $0.results[i] = result }
                ready.signal()
                if case .failure = result { break }
            }
        }
    }

    /// The source `i`, the next in `order`, once read (its error, if reading failed).
    func take(_ i: Int) throws(VantageError) -> (CSVTable, InputRecord) {
        ready.wait()
        guard let result = lock.withLock({ $0.results.removeValue(forKey: i) }) else {
            fatalError("source \(i) taken out of the order it is read in")
        }
        room.signal()
        return try result.get()
    }

    /// Lets the reader stop after the source it is reading (a run that failed before
    /// taking every source): what it reads then is dropped. Not waited for, so an error
    /// is reported at once; a read in flight still stops at a signal (`Cancellation`).
    func stop() {
        lock.withLock { $0.stopped = true }
        room.signal()
    }
}
