#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One piece of a chunk in the partition pass, scanned on a core of its own: where each
/// record goes in every target, its bytes (or for the spine its `SpineRows` form)
/// appended to that partition's buffer as the record is read, and its line beside them
/// (not for the spine's rows).
///
/// Why pieces: scanning and hashing is most of the pass's work, and a chunk without
/// quotes can be cut at any line feed into pieces that scan alone to the same records.
/// Line numbers are counted from the piece's start (`line`) and made absolute when
/// written, once the lines of the pieces before it are known.
///
/// Why records are copied out here, in file order: gathering a partition's records
/// from the chunk afterwards, partition by partition, jumps through the chunk at random
/// and waited on memory for every record (a quarter of the pass at 100M events); one
/// pass in file order writing to one buffer per partition streams instead.
struct ScannedPiece {
    /// Per target: the partition of every record, in file order.
    var partOf: [[UInt16]]
    /// Records scanned.
    var count = 0
    /// The lines the piece spans.
    var lines = 0
    /// Set when a record the parser would refuse stopped the scan.
    var irregular = false
    /// Records whose time (`SpineRows`) is empty or not a time, and the first of them:
    /// its line from the piece's start and its value.
    var badTimes = 0
    var firstBadTime: (line: Int, text: String)?

    /// Scans the records of `buf[range]` (which starts at a record boundary; `buf` holds
    /// the chunk) into `sinks` (emptied first). `keys`: per target, the key fields;
    /// `rows`: the targets written as `SpineRows` (the others get whole records), and the
    /// time field they carry, parsed once per record.
    init(_ buf: UnsafeBufferPointer<UInt8>, range: Range<Int>, width: Int, keys: [[Int]],
         rows: (targets: [Bool], time: Int, format: TimeFormat)? = nil,
         partitions: Int, into sinks: PartitionSinks) {
        let targets = keys.count
        sinks.clear()
        var scan = RawRecordScanner(buf: UnsafeBufferPointer(rebasing: buf[0..<range.upperBound]), width: width, pos: range.lowerBound, line: 0)
        let base = buf.baseAddress!
        let bytes = sinks.bytes, lineSinks = sinks.lines
        // Per target, its key fields as flat raw memory, and the partitions in one array,
        // record after record: no reference is counted per record.
        let keyFields = keys.flatMap { $0 }
        var keyStart = [0]
        for k in keys { keyStart.append(keyStart[keyStart.count - 1] + k.count) }
        var n = 0
        var timeParser = TimeParser.DayCache(format: rows?.format ?? .iso8601)
        var value = ByteSink(capacity: 256)
        defer { value.free() }
        var bad = 0
        var firstBad: (line: Int, text: String)?
        var flat = [UInt16]()
        flat.reserveCapacity((range.count / 48 + 16) * targets)
        keyFields.withUnsafeBufferPointer { keyFields in
            while scan.next() {
                let line = UInt32(bitPattern: Int32(clamping: scan.recordLine))
                var parsedTime: Int64 = 0
                if let rows {
                    value.clear()
                    scan.withValue(rows.time) { value.bytes($0.baseAddress!, $0.count) }
                    if value.count > 0, let t = timeParser.parse(UnsafeBufferPointer(start: value.base, count: value.count)) {
                        parsedTime = t
                    } else {
                        if firstBad == nil {
                            firstBad = (scan.recordLine, String(decoding: UnsafeBufferPointer(start: value.base, count: value.count), as: UTF8.self))
                        }
                        bad += 1
                    }
                }
                for t in 0..<targets {
                    let fields = UnsafeBufferPointer(rebasing: keyFields[keyStart[t]..<keyStart[t + 1]])
                    let p = fields.isEmpty ? 0 : KeyHash.partition(fields, of: scan, count: partitions)
                    flat.append(UInt16(truncatingIfNeeded: p))
                    let i = t * partitions + p
                    if let rows, rows.targets[t] {
                        // No line: nothing reads the spine copies' lines.
                        SpineRows.append(time: parsedTime, keys: fields, of: scan, to: &bytes[i])
                    } else {
                        bytes[i].bytes(base + scan.start, scan.end - scan.start)
                        if !scan.terminated { bytes[i].byte(10) }
                        lineSinks[i].uint32(line)
                    }
                }
                n += 1
            }
        }
        partOf = (0..<targets).map { t in
            var own = [UInt16](repeating: 0, count: n)
            for r in 0..<n { own[r] = flat[r * targets + t] }
            return own
        }
        count = n
        badTimes = bad
        firstBadTime = firstBad
        irregular = scan.irregular
        lines = scan.line
    }

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

/// A piece's output buffers, per target and partition (index `target * partitions +
/// partition`): the records' bytes, and each record's line from the piece's start (four
/// bytes, little-endian). Kept from chunk to chunk, so the pass reuses the same memory
/// rather than faulting in fresh pages for every chunk.
///
/// Why `@unchecked Sendable`: a piece's sinks are filled by its one scanning job and
/// read by the writers only after every job has joined.
/// The sinks sit in raw memory: appending through an array held by a class would check
/// the array's uniqueness and exclusive access for every record.
final class PartitionSinks: @unchecked Sendable {
    let count: Int
    let bytes: UnsafeMutablePointer<ByteSink>
    let lines: UnsafeMutablePointer<ByteSink>

    init(count: Int) {
        self.count = count
        bytes = .allocate(capacity: count)
        lines = .allocate(capacity: count)
        for i in 0..<count {
            (bytes + i).initialize(to: ByteSink(capacity: 1 << 12))
            (lines + i).initialize(to: ByteSink(capacity: 1 << 10))
        }
    }

    func clear() {
        for i in 0..<count {
            bytes[i].clear()
            lines[i].clear()
        }
    }

    deinit {
        for i in 0..<count {
            bytes[i].free()
            lines[i].free()
        }
        bytes.deinitialize(count: count).deallocate()
        lines.deinitialize(count: count).deallocate()
    }
}
