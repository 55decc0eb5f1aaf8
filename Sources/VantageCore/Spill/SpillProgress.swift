import Foundation

/// The progress lines of a spilling run: its phase (partitioning, joining, writing), the
/// partition it is at ("partition 4 of 26") and the bytes done in the phase. Passed the
/// command's callback, which prints on a terminal only and not with `--quiet`; without
/// one nothing is formatted.
struct SpillProgress {
    let callback: (@Sendable (String) -> Void)?

    /// For the partition pass over `path`: called with bytes read and the file's size.
    func partitioning(_ path: String) -> ((Int, Int) -> Void)? {
        guard let callback else { return nil }
        let name = URL(fileURLWithPath: path).lastPathComponent
        return { done, total in callback("partitioning \(name): \(Self.mib(done)) of \(Self.mib(total)) MiB") }
    }

    /// At the start of partition `p` (from 0) of `count` in key space `space` of
    /// `spaces`, with the partition bytes done and in all.
    func joining(partition p: Int, of count: Int, space: Int, of spaces: Int, bytesDone: Int, bytesTotal: Int) {
        guard let callback else { return }
        let where_ = spaces > 1 ? " (key space \(space + 1) of \(spaces))" : ""
        callback("joining partition \(p + 1) of \(count)\(where_): \(Self.mib(bytesDone)) of \(Self.mib(bytesTotal)) MiB")
    }

    /// While writing `file` in spine order.
    func writing(_ file: String, rows done: Int, of rows: Int) {
        callback?("writing \(file) in spine order: \(done) of \(rows) rows")
    }

    static func mib(_ bytes: Int) -> Int { bytes >> 20 }
}
