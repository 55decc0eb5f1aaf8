import VantageCore
import Foundation

/// A streaming RFC 4180 writer for generated tables: a header row, `,` between
/// fields, CRLF after every record, null as an empty field. Rows go to a byte
/// buffer that is written out every megabyte, into `.<name>.partial` beside the
/// target; `finish()` renames it into place, so an interrupted run leaves no
/// half-written table under the real name.
///
/// Fields are appended in order with the typed methods; the writer puts the
/// separators in. Only `text(_:)` quotes; the other methods write characters that
/// never need quoting (digits, `-`, `.`, `:`, ASCII letters).
final class ScenarioCSVWriter {
    /// The file name inside the output directory.
    let name: String
    /// The final location.
    let url: URL
    /// Where rows are written until `finish()`.
    private let partialURL: URL
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var atRowStart = true
    private var finished = false
    /// Data rows written so far (the header not counted).
    private(set) var rows = 0
    /// Bytes written so far, header included.
    private(set) var bytes = 0
    /// Earliest and latest value passed to `noteTime(_:)`.
    private(set) var timeRange: ClosedRange<Int64>?

    private static let flushThreshold = 1 << 20

    /// Creates `.<name>.partial` in `directory` and writes the header row.
    init(directory: URL, name: String, header: [String]) throws {
        self.name = name
        self.url = directory.appendingPathComponent(name)
        self.partialURL = directory.appendingPathComponent(".\(name).partial")
        guard FileManager.default.createFile(atPath: partialURL.path, contents: nil) else {
            throw DatasetsError.cannotWrite(path: url.path, reason: "cannot create \(partialURL.lastPathComponent)")
        }
        do {
            handle = try FileHandle(forWritingTo: partialURL)
        } catch {
            throw DatasetsError.cannotWrite(path: url.path, reason: "\(error.localizedDescription)")
        }
        buffer.reserveCapacity(Self.flushThreshold + 4096)
        for column in header { text(column) }
        buffer.append(13)
        buffer.append(10)
        atRowStart = true
    }

    deinit {
        if !finished { discard() }
    }

    @inline(__always)
    private func separate() {
        if atRowStart { atRowStart = false } else { buffer.append(UInt8(ascii: ",")) }
    }

    /// An empty (null) field.
    @inline(__always)
    func null() { separate() }

    /// An integer in decimal.
    @inline(__always)
    func int(_ value: Int64) {
        separate()
        if value < 0 {
            buffer.append(UInt8(ascii: "-"))
            _appendDigits(0 - value, width: 1, to: &buffer)
        } else {
            _appendDigits(value, width: 1, to: &buffer)
        }
    }

    /// A fixed-point number: `scaled / 10^decimals`, all `decimals` digits written
    /// (`fixed(1234, decimals: 2)` is `12.34`, `fixed(-5, decimals: 1)` is `-0.5`).
    @inline(__always)
    func fixed(_ scaled: Int64, decimals: Int) {
        separate()
        var magnitude = scaled
        if scaled < 0 {
            buffer.append(UInt8(ascii: "-"))
            magnitude = 0 - scaled
        }
        var unit: Int64 = 1
        for _ in 0..<decimals { unit *= 10 }
        _appendDigits(magnitude / unit, width: 1, to: &buffer)
        if decimals > 0 {
            buffer.append(UInt8(ascii: "."))
            _appendDigits(magnitude % unit, width: decimals, to: &buffer)
        }
    }

    /// A UTC instant as `YYYY-MM-DDTHH:MM:SS[.ffffff]Z`.
    @inline(__always)
    func timestamp(_ micros: Int64) {
        separate()
        CivilTime.append(micros, to: &buffer)
    }

    /// An identifier: `prefix` then `value` zero-padded to `width` digits (`C000042`).
    @inline(__always)
    func id(_ prefix: StaticString, _ value: Int, width: Int) {
        separate()
        prefix.withUTF8Buffer { buffer.append(contentsOf: $0) }
        _appendDigits(Int64(value), width: width, to: &buffer)
    }

    /// Text known to need no quoting (a category name).
    @inline(__always)
    func literal(_ value: StaticString) {
        separate()
        value.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    /// Any text, quoted when it holds `,` `"` CR or LF (inner quotes doubled), by the
    /// engine's own CSV rules.
    func text(_ value: String) {
        separate()
        var field = CSVBuffer(capacity: value.utf8.count + 2)
        field.field(value)
        buffer.append(contentsOf: field.bytes)
    }

    /// Widens the recorded time range to include `micros`.
    @inline(__always)
    func noteTime(_ micros: Int64) {
        if let range = timeRange {
            if micros < range.lowerBound || micros > range.upperBound {
                timeRange = min(micros, range.lowerBound)...max(micros, range.upperBound)
            }
        } else {
            timeRange = micros...micros
        }
    }

    /// Ends the record (CRLF); writes the buffer out when it is full.
    @inline(__always)
    func endRow() throws {
        buffer.append(13)
        buffer.append(10)
        atRowStart = true
        rows += 1
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        // A safe point for SIGINT/SIGTERM: the partial files are discarded on the way out.
        try Cancellation.check()
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw DatasetsError.cannotWrite(path: url.path, reason: "\(error.localizedDescription)")
        }
        bytes += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered, closes the file and renames it into place
    /// (replacing an older file of the same name).
    func finish() throws {
        try flush()
        try? handle.close()
        finished = true
        try _moveReplacing(partialURL, to: url)
    }

    /// Closes and deletes the partial file (after a failure elsewhere).
    func discard() {
        guard !finished else { return }
        finished = true
        try? handle.close()
        try? FileManager.default.removeItem(at: partialURL)
    }

    /// The summary of the finished file.
    var generatedFile: GeneratedFile {
        GeneratedFile(name: name, rows: rows, bytes: bytes, timeRange: timeRange)
    }
}
