#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Moves staged outputs to their final names, each with one `rename`, keeping every
/// replaced previous output aside (`.<name>.old-<pid>`) until `finish()`, so that until
/// then `rollback()` restores exactly the previous state. Released without `finish()`,
/// it rolls back: an error after publishing (a store that fails to commit) leaves the
/// previous outputs in place and nothing new.
public final class Publication {
    public struct Move: Sendable {
        public var staged: String
        public var final: String
        public init(staged: String, final: String) {
            self.staged = staged
            self.final = final
        }
    }

    private let moves: [Move]
    /// Moves done so far, with where the previous output was put aside.
    private var done: [(move: Move, aside: String?)] = []
    private var finished = false

    public init(_ moves: [Move]) { self.moves = moves }

    /// Puts every staged output in place; on failure, undoes the moves made and throws.
    public func publish() throws(VantageError) {
        for m in moves {
            var aside: String?
            if RealPath.kind(m.final) != .missing {
                let url = URL(fileURLWithPath: m.final)
                let a = url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".old-\(getpid())"
                try? FileManager.default.removeItem(atPath: a)
                guard rename(m.final, a) == 0 else {
                    let why = String(cString: strerror(errno))
                    rollback()
                    throw .io(path: m.final, message: "cannot move the previous output aside: \(why)")
                }
                aside = a
            }
            guard rename(m.staged, m.final) == 0 else {
                let why = String(cString: strerror(errno))
                if let aside { _ = rename(aside, m.final) }
                rollback()
                throw .io(path: m.final, message: "cannot rename the finished output into place: \(why)")
            }
            done.append((m, aside))
        }
    }

    /// Deletes the previous outputs kept aside: the new ones stay.
    public func finish() {
        finished = true
        for (_, aside) in done {
            if let aside { try? FileManager.default.removeItem(atPath: aside) }
        }
        done = []
    }

    /// Removes what was published and puts the previous outputs back.
    public func rollback() {
        for (m, aside) in done.reversed() {
            try? FileManager.default.removeItem(atPath: m.final)
            if let aside { _ = rename(aside, m.final) }
        }
        done = []
    }

    deinit {
        if !finished { rollback() }
    }
}
