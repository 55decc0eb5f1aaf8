import Foundation

/// Whether the user asked the process to stop (SIGINT or SIGTERM).
///
/// The signal is received by a dedicated thread (see the executable's `SignalWatcher`),
/// which only calls `request(signal:)`; nothing is removed or exited from there. The
/// work calls `check()` at safe points (per input read, per level, per batch of rows
/// written, per model fitted), which throws `VantageError.cancelled`, so an interrupted
/// run unwinds through exactly the clean-up of any other error: staged outputs are
/// removed and nothing appears under a final name.
public enum Cancellation {
    private static let state = CancellationFlag()

    /// Records that `signal` arrived; returns false when a stop was already requested.
    @discardableResult
    public static func request(signal: Int32) -> Bool { state.set(signal) }

    /// The signal that asked to stop, if any.
    public static var requestedSignal: Int32? { state.value }

    /// Throws `.cancelled` once a stop was requested.
    public static func check() throws(VantageError) {
        if let s = state.value { throw .cancelled(signal: s) }
    }

    /// Forgets a request (tests only: one process runs many cases).
    public static func reset() { state.clear() }
}

/// The flag behind `Cancellation`: written by the signal thread, read by workers. Every
/// access holds the lock, which is what makes the `@unchecked Sendable` safe; it is never
/// taken inside a signal handler (signals are received with `sigwait` on a normal thread).
final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var signal: Int32 = 0

    var value: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return signal == 0 ? nil : signal
    }

    func set(_ s: Int32) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard signal == 0 else { return false }
        signal = s
        return true
    }

    func clear() {
        lock.lock()
        signal = 0
        lock.unlock()
    }
}
