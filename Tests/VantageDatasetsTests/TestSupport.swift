import Foundation
import Testing

@testable import VantageDatasets

/// A generated table read back: the header and the rows as fields (the
/// generators never quote, so a split on CRLF and `,` is exact for them).
struct ReadTable {
    let header: [String]
    let rows: [[Substring]]

    /// Reads `name` in `directory`; records an issue if a line does not end in CRLF.
    init(_ directory: URL, _ name: String) throws {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasSuffix("\r\n"), "\(name) must end with CRLF")
        var lines = text.components(separatedBy: "\r\n")
        if lines.last == "" { lines.removeLast() }
        #expect(!lines.contains { $0.contains("\n") || $0.contains("\r") }, "\(name): bare CR or LF")
        header = lines.first.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) } ?? []
        rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        for (i, row) in rows.enumerated() where row.count != header.count {
            Issue.record("\(name) line \(i + 2): \(row.count) fields, header has \(header.count)")
            break
        }
    }

    /// The index of a column.
    func column(_ name: String) -> Int {
        guard let index = header.firstIndex(of: name) else {
            Issue.record("no column \(name) in \(header)")
            return 0
        }
        return index
    }

    /// Every value of a column.
    func values(_ name: String) -> [Substring] {
        let c = column(name)
        return rows.map { $0[c] }
    }

    /// A column parsed as `YYYY-MM-DDTHH:MM:SS[.ffffff]Z` (microseconds).
    func times(_ name: String) -> [Int64] { values(name).map { parseTimestamp($0) } }

    /// A column as numbers (`nil` for an empty field).
    func numbers(_ name: String) -> [Double?] { values(name).map { $0.isEmpty ? nil : Double($0) } }
}

/// Parses the generators' timestamp form, independently of `CivilTime`:
/// Foundation's calendar turns the civil date into days.
func parseTimestamp(_ text: Substring) -> Int64 {
    let bytes = Array(text.utf8)
    func number(_ range: Range<Int>) -> Int {
        bytes[range].reduce(0) { $0 * 10 + Int($1 - 48) }
    }
    guard bytes.count == 20 || bytes.count == 27, bytes[4] == 45, bytes[10] == 84, bytes.last == 90 else {
        Issue.record("bad timestamp \(text)")
        return 0
    }
    let days = daysSinceEpoch(year: number(0..<4), month: number(5..<7), day: number(8..<10))
    var micros = Int64(days) * 86_400_000_000
    micros += Int64(number(11..<13) * 3600 + number(14..<16) * 60 + number(17..<19)) * 1_000_000
    if bytes.count == 27 {
        #expect(bytes[19] == 46)
        let fraction = number(20..<26)
        #expect(fraction != 0, "a zero fraction must be omitted: \(text)")
        micros += Int64(fraction)
    }
    return micros
}

/// Days from 1970-01-01 to a civil date (years 1900–2199), from a table of
/// month starts that Foundation's Gregorian calendar computed.
func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
    MonthStarts.days[(year - 1900) * 12 + month - 1] + day - 1
}

private enum MonthStarts {
    static let days: [Int] = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var table: [Int] = []
        for year in 1900..<2200 {
            for month in 1...12 {
                let date = calendar.date(from: DateComponents(year: year, month: month, day: 1))!
                table.append(Int((date.timeIntervalSince1970 / 86_400).rounded()))
            }
        }
        return table
    }()
}

/// `2024-01-01T00:00:00Z` and friends, in microseconds.
func instant(_ text: String) -> Int64 { parseTimestamp(Substring(text)) }

/// A fresh temporary directory.
func temporaryDirectory(_ label: String) -> URL {
    FileManager.default.temporaryDirectory
        .appendingPathComponent("vantage-datasets-tests-\(ProcessInfo.processInfo.processIdentifier)")
        .appendingPathComponent("\(label)-\(UUID().uuidString)")
}

/// Each scenario generated once per test run at 10,000 events, seed 11.
enum Small {
    static let events = 10_000
    static let seed: UInt64 = 11

    static let fraud = make(.fraud)
    static let credit = make(.credit)
    static let erWait = make(.erWait)

    static func of(_ scenario: Scenario) -> GeneratedScenario? {
        switch scenario {
        case .fraud: fraud
        case .credit: credit
        case .erWait: erWait
        }
    }

    private static func make(_ scenario: Scenario) -> GeneratedScenario? {
        try? generate(scenario, events: events, seed: seed, into: temporaryDirectory(scenario.rawValue))
    }
}

/// The repository root (three levels above this file).
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The regular files of a directory, by name (hidden files excluded).
func fileNames(_ directory: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".") }.sorted()
}

/// The share of `true`.
func share(_ values: [Bool]) -> Double {
    values.isEmpty ? 0 : Double(values.filter { $0 }.count) / Double(values.count)
}

/// Pearson correlation.
func correlation(_ x: [Double], _ y: [Double]) -> Double {
    let n = Double(x.count)
    let mx = x.reduce(0, +) / n
    let my = y.reduce(0, +) / n
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for i in x.indices {
        sxy += (x[i] - mx) * (y[i] - my)
        sxx += (x[i] - mx) * (x[i] - mx)
        syy += (y[i] - my) * (y[i] - my)
    }
    return sxy / (sxx * syy).squareRoot()
}
