import Foundation

/// A testing-only hook that simulates a full disk: when the environment variable
/// `VANTAGE_TEST_FAIL_WRITE_AFTER_BYTES` holds a number N, every write through
/// `AtomicFile` fails with "No space left on device" once N bytes have been written by
/// this process. Unset (always, outside tests), it costs one atomic-free check of a
/// constant. It exists so the tests can prove that a full disk leaves the previous
/// output untouched and no partial file under a final name.
enum WriteFaults {
    static let limit: Int? = ProcessInfo.processInfo.environment["VANTAGE_TEST_FAIL_WRITE_AFTER_BYTES"].flatMap { Int($0) }
    private static let counter = WrittenBytes()

    /// Accounts for `count` bytes about to be written; throws when the simulated disk is full.
    static func willWrite(_ count: Int, path: String) throws(VantageError) {
        guard let limit else { return }
        if counter.add(count) > limit {
            throw .io(path: path, message: "cannot write: No space left on device")
        }
    }
}

/// Bytes written so far, shared by writer threads; every access holds the lock, which
/// is what makes the `@unchecked Sendable` safe.
final class WrittenBytes: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0

    func add(_ n: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        total += n
        return total
    }
}
