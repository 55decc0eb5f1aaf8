import VantageCore
import VantageModels

/// One training set (a sweep's `<level>.csv`) as a backtest sees it: the label, the event
/// time and the feature columns, as numbers. Text features are frequency-encoded with
/// counts from the given training rows only, so nothing from the test period leaks in.
struct TrainingFrame {
    let path: String
    let rowCount: Int
    /// Label per row; NaN where the label is empty (such rows are never used).
    let labels: [Double]
    let times: [Int64]
    let featureNames: [String]
    /// Raw feature columns (text), encoded by `matrix(encodingFrom:)`.
    let columns: [TextColumn]

    static func load(path: String, label: String, time: String, timeFormat: TimeFormat, features: [String],
                     task: BacktestTask?) throws(VantageError) -> (TrainingFrame, BacktestTask) {
        let table = try CSVReader.read(path: path, keep: Set(features + [label, time]))
        guard let labelCol = table.column(named: label) else {
            throw .input(file: path, line: 1, column: 0, message: "no label column \"\(label)\"")
        }
        guard let timeIndex = table.header.firstIndex(of: time), let timeCol = table.columns[timeIndex] else {
            throw .input(file: path, line: 1, column: 0, message: "no time column \"\(time)\"")
        }
        var times = [Int64](repeating: 0, count: table.rowCount)
        for r in 0..<table.rowCount {
            guard let t = timeCol.withField(r, { TimeParser.parse($0, format: timeFormat) }) else {
                throw .input(file: path, line: table.line(ofRow: r), column: timeIndex + 1,
                             message: "column \(time): expected \(timeFormat.rawValue) time, got \"\(timeCol.string(r))\"")
            }
            times[r] = t
        }
        let (labels, detected) = try parseLabels(labelCol, table: table, column: table.header.firstIndex(of: label) ?? 0)
        let columns = features.map { table.column(named: $0) ?? TextColumn() }
        let frame = TrainingFrame(path: path, rowCount: table.rowCount, labels: labels, times: times,
                                  featureNames: features, columns: columns)
        return (frame, task ?? detected)
    }

    /// Binary when every non-empty label is 0/1 (or true/false); a number otherwise.
    static func parseLabels(_ col: TextColumn, table: CSVTable, column: Int) throws(VantageError) -> ([Double], BacktestTask) {
        var out = [Double](repeating: .nan, count: col.count)
        var binary = true
        for r in 0..<col.count where !col.isNull(r) {
            let text = col.string(r)
            switch text {
            case "true", "True", "TRUE": out[r] = 1
            case "false", "False", "FALSE": out[r] = 0
            default:
                guard let v = col.withField(r, { NumberParser.parse($0) }) else {
                    throw .input(file: table.file, line: table.line(ofRow: r), column: column + 1,
                                 message: "label column \(table.header[column]): expected a number or true/false, got \"\(text)\"")
                }
                out[r] = v
                if v != 0 && v != 1 { binary = false }
            }
        }
        return (out, binary ? .binary : .regression)
    }

    /// The feature matrix: numbers as they are (empty = NaN). Whether a column is numeric
    /// is decided on `trainRows` only, so the test period cannot change how a feature is
    /// represented: a numeric column's unparseable test values become missing; a column
    /// with text among its training values becomes the frequency of each value among
    /// `trainRows` (unseen = 0).
    func matrix(encodingFrom trainRows: [Int]) throws(VantageError) -> FeatureMatrix {
        var cols = [[Double]]()
        for c in columns {
            var numeric = [Double](repeating: .nan, count: rowCount)
            var parsed = [Bool](repeating: true, count: rowCount)
            c.bytes.withUnsafeBufferPointer { all in
                for r in 0..<rowCount {
                    let s = c.offsets[r], e = c.offsets[r + 1]
                    if s == e { continue }
                    if let v = NumberParser.parse(UnsafeBufferPointer(rebasing: all[s..<e])) {
                        numeric[r] = v
                    } else {
                        parsed[r] = false
                    }
                }
            }
            if trainRows.allSatisfy({ parsed[$0] }) {
                cols.append(numeric)
                continue
            }
            var dict = KeyDictionary()
            var ids = [Int32](repeating: -1, count: rowCount)
            for r in 0..<rowCount where !c.isNull(r) { ids[r] = c.withField(r) { dict.intern($0) } }
            var counts = [Double](repeating: 0, count: dict.count)
            for r in trainRows where ids[r] >= 0 { counts[Int(ids[r])] += 1 }
            let n = Double(max(1, trainRows.count))
            cols.append(ids.map { $0 < 0 ? .nan : counts[Int($0)] / n })
        }
        do {
            return try FeatureMatrix(featureNames: featureNames, columns: cols)
        } catch {
            throw .input(file: path, line: 0, column: 0, message: "cannot build the feature matrix: \(error)")
        }
    }
}

/// What the label asks for.
public enum BacktestTask: String, Sendable, Codable {
    case binary, regression
}
