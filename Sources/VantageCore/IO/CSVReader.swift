import Foundation

public enum CSVReader {
    /// Reads `path`, keeping the columns whose names are in `keep` (nil keeps all).
    /// Every requested name must exist in the header.
    public static func read(path: String, keep: Set<String>? = nil, displayName: String? = nil) throws(VantageError) -> CSVTable {
        try CSVStream.read(path: path, file: displayName ?? path, keep: keep).table
    }

    /// Files larger than this are parsed in chunks on all cores.
    static let chunkedThreshold = 4 << 20

    public static func parse(_ data: [UInt8], file: String, keep: Set<String>? = nil) throws(VantageError) -> CSVTable {
        try data.withUnsafeBufferPointer { buf throws(VantageError) in try parse(buffer: buf, file: file, keep: keep) }
    }

    /// Parses bytes held elsewhere (a mapped file, say); the table keeps no reference to them.
    static func parse(buffer buf: UnsafeBufferPointer<UInt8>, file: String, keep: Set<String>? = nil) throws(VantageError) -> CSVTable {
        if buf.count >= chunkedThreshold, ProcessInfoCores.count > 1,
           let table = try CSVParser.chunked(buf, file: file, keep: keep, parts: ProcessInfoCores.count) {
            return table
        }
        var parser = CSVParser(buf: buf, file: file)
        return try parser.run(keep: keep)
    }
}
