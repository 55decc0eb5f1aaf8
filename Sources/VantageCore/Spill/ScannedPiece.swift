#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One piece of a chunk in the partition pass, scanned on a core of its own: where each
/// record is, its partition in every target, the fields a target keeps of it, and the
/// records grouped by partition (a counting sort that keeps file order within each), so
/// the writes that follow only copy bytes.
///
/// Why pieces: scanning and hashing is most of the pass's work, and a chunk without
/// quotes can be cut at any line feed into pieces that scan alone to the same records.
/// Line numbers are counted from the piece's start (`line`) and made absolute when
/// written, once the lines of the pieces before it are known.
struct ScannedPiece {
    /// Every record: its bytes in the chunk, its first line from the piece's start, and
    /// whether it had a line end.
    var records = [(start: Int, end: Int, line: Int32, terminated: Bool)]()
    /// Per target: the partition of every record, in file order.
    var partOf: [[UInt16]]
    /// Per target: record indexes by partition; partition p's are `order[first[p]..<first[p + 1]]`.
    var first: [[Int]]
    var order: [[Int32]]
    /// Per target keeping some fields only (`SpillPartitioner.Target.fields`): its
    /// records one after another, and where each ends.
    var projected: [ByteSink?]
    var projectedEnd: [[Int]]
    /// The lines the piece spans.
    var lines = 0
    /// Set when a record the parser would refuse stopped the scan.
    var irregular = false

    /// Scans the records of `buf[range]` (which starts at a record boundary; `buf` holds
    /// the chunk). `keys`: per target, the key fields; `written`: per target, the fields
    /// kept, nil for whole records.
    init(_ buf: UnsafeBufferPointer<UInt8>, range: Range<Int>, width: Int, keys: [[Int]], written: [[Bool]?], partitions: Int) {
        let targets = keys.count
        let guess = range.count / 48 + 16
        records.reserveCapacity(guess)
        partOf = (0..<targets).map { _ in [UInt16]() }
        for t in 0..<targets { partOf[t].reserveCapacity(guess) }
        projected = written.map { $0 == nil ? nil : ByteSink(capacity: range.count / 2 + 64) }
        projectedEnd = written.map { _ in [Int]() }
        var scan = RawRecordScanner(buf: UnsafeBufferPointer(rebasing: buf[0..<range.upperBound]), width: width, pos: range.lowerBound, line: 0)
        while scan.next() {
            records.append((scan.start, scan.end, Int32(clamping: scan.recordLine), scan.terminated))
            for t in 0..<targets {
                partOf[t].append(UInt16(keys[t].isEmpty ? 0 : KeyHash.partition(keys[t], of: scan, count: partitions)))
                if let columns = written[t] {
                    scan.project(columns, into: &projected[t]!)
                    projectedEnd[t].append(projected[t]!.count)
                }
            }
        }
        irregular = scan.irregular
        lines = scan.line
        first = []
        order = []
        guard !irregular else { return }
        for t in 0..<targets {
            var start = [Int](repeating: 0, count: partitions + 1)
            for p in partOf[t] { start[Int(p) + 1] += 1 }
            for p in 0..<partitions { start[p + 1] += start[p] }
            var next = start
            var sorted = [Int32](repeating: 0, count: records.count)
            for (i, p) in partOf[t].enumerated() {
                sorted[next[Int(p)]] = Int32(i)
                next[Int(p)] += 1
            }
            first.append(start)
            order.append(sorted)
        }
    }

    func free() { for p in projected { p?.free() } }

    /// Where a chunk's records (`buf[from...]`) are cut into at most `count` pieces: at
    /// line feeds, and only in a chunk without quotes, where every line feed ends a
    /// record. The piece starts, then the end.
    static func cuts(_ buf: UnsafeBufferPointer<UInt8>, from: Int, count: Int) -> [Int] {
        let n = buf.count
        guard count > 1, n - from > 1 << 16, let base = buf.baseAddress,
              memchr(base + from, Int32(CSVParser.quote), n - from) == nil else { return [from, n] }
        var cuts = [from]
        for k in 1..<count {
            let target = from + (n - from) * k / count
            guard let lf = memchr(base + target, Int32(CSVParser.lf), n - target) else { break }
            let cut = base.distance(to: lf.assumingMemoryBound(to: UInt8.self)) + 1
            if cut > cuts[cuts.count - 1] && cut < n { cuts.append(cut) }
        }
        cuts.append(n)
        return cuts
    }
}
