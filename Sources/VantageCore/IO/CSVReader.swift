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
        let result: Result<CSVTable, VantageError> = data.withUnsafeBufferPointer { buf in
            do throws(VantageError) {
                if buf.count >= chunkedThreshold, ProcessInfoCores.count > 1,
                   let table = try CSVParser.chunked(data, file: file, keep: keep, parts: ProcessInfoCores.count) {
                    return .success(table)
                }
                var parser = CSVParser(buf: buf, file: file)
                return .success(try parser.run(keep: keep))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
