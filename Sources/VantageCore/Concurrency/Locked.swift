import Foundation

/// A value reachable only while holding its lock: the one place where Core shares mutable
/// state between threads (caches filled on first use).
///
/// Why `@unchecked Sendable`: `value` is private and only `withLock` touches it, with `lock`
/// held for the whole access; `Value` is `Sendable`, so what a caller copies out is safe to
/// use on any thread. (The standard library's `Mutex` needs macOS 15; the package targets 13.)
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    /// Runs `body` on the value with the lock held.
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
