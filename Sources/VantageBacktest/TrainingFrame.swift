import VantageCore
import VantageModels

/// One training set as a backtest sees it: the label, the event time and the feature
/// columns. Built once per training set, either from its CSV or straight from the
/// sweep's in-memory columns (the same numbers: the CSV writer prints the shortest text
/// that reads back to the same double). Text features are frequency-encoded with counts
/// from the given training rows only, so nothing from the test period leaks in.
struct TrainingFrame: Sendable {
    /// A feature column: text as written (parsed when the matrix is built), or numbers
    /// computed in memory (NaN = empty).
    enum Column: Sendable {
        case text(TextColumn)
        case numbers([Double])
    }

    /// Where the rows came from, for messages: the CSV, or the spine file.
    let path: String
    let rowCount: Int
    /// Label per row; NaN where the label is empty (such rows are never used).
    let labels: [Double]
    let times: [Int64]
    let featureNames: [String]
    let columns: [Column]
    /// The value model's positive value per row (0 where empty), when it names a column.
    let positiveValues: [Double]?
    /// The `--segment-by` column's text per row.
    let segmentValues: [String]?

    /// A frame from a CSV training set, streamed in bounded chunks (`CSVChunks`) and
    /// keeping only the rows `sample` chooses, so neither the file nor its dropped rows
    /// are ever held whole. Errors name the file and its physical line.
    static func load(path: String, layout: FrameLayout, task: BacktestTask?, sample: RowSample) throws(VantageError) -> (TrainingFrame, BacktestTask) {
        let keys = sample.keepsAll ? [] : sample.keys
        let chunks = try CSVChunks(path: path, keep: layout.keep.union(keys), chunkBytes: chunkBytes)
        var header = [String]()
        var columns = [String: TextColumn]()
        var lines = [Int32]()
        while let chunk = try chunks.next() {
            if header.isEmpty {
                header = chunk.header
                for k in keys where !header.contains(k) {
                    throw .input(file: path, line: 1, column: 0, message: "no spine key column \"\(k)\" to sample by; re-run the sweep")
                }
                for n in header where layout.keep.contains(n) { columns[n] = TextColumn() }
            }
            let keyColumns = keys.compactMap { chunk.column(named: $0) }
            let rows = sample.rows(keyColumns, count: chunk.rowCount) ?? Array(0..<chunk.rowCount)
            for name in Array(columns.keys) {
                guard let source = chunk.column(named: name), var target = columns.removeValue(forKey: name) else { continue }
                for r in rows { source.withField(r) { target.append($0) } }
                columns[name] = target
            }
            lines += rows.map { Int32(clamping: chunk.line(ofRow: $0)) }
        }
        return try make(path: path, rowCount: lines.count, layout: layout, task: task, file: path,
                        line: { Int(lines[$0]) }, column: { columns[$0].map(Column.text) }, header: header)
    }

    /// The bytes read at a time when streaming a training set.
    static let chunkBytes = 8 << 20

    /// A frame from a training set computed in memory: spine columns as read, view
    /// columns as computed, only the rows `sample` chooses. Errors in the label or time
    /// name the spine file and line.
    static func make(set: TrainingSet, name: String, layout: FrameLayout, task: BacktestTask?, sample: RowSample) throws(VantageError) -> (TrainingFrame, BacktestTask) {
        let chosen = sample.rows(sample.keys.compactMap { set.spine.column(named: $0) }, count: set.rowCount)
        var spine = set.spine.projected(onto: set.spine.header.filter { layout.keep.contains($0) })
        if let chosen { spine = spine.selecting(rows: chosen) }
        var byName = [String: Column]()
        for (i, n) in spine.header.enumerated() {
            if let c = spine.columns[i] { byName[n] = .text(c) }
        }
        for v in set.views {
            for (n, c) in zip(v.view.outputColumns, v.columns) where layout.keep.contains(n) && byName[n] == nil {
                byName[n] = Self.column(c, rows: chosen)
            }
        }
        return try make(path: name, rowCount: spine.rowCount, layout: layout, task: task, file: spine.file,
                        line: { spine.line(ofRow: $0) }, column: { byName[$0] }, header: set.header)
    }

    /// A computed column as the frame keeps it, at `rows` only (nil: every row): numbers
    /// stay numbers; text is gathered.
    static func column(_ c: FeatureColumn, rows chosen: [Int]?) -> Column {
        switch c {
        case let .integers(v): return .numbers(chosen.map { $0.map { Double(v[$0]) } } ?? v.map(Double.init))
        case let .reals(v): return .numbers(chosen.map { $0.map { v[$0] } } ?? v)
        case let .text(source, rows):
            var out = TextColumn()
            for r in chosen.map({ $0.map { rows[$0] } }) ?? rows {
                if r >= 0 { source.withField(Int(r)) { out.append($0) } } else { out.endField() }
            }
            return .text(out)
        }
    }

    private static func make(path: String, rowCount: Int, layout: FrameLayout, task: BacktestTask?, file: String,
                             line: (Int) -> Int, column: (String) -> Column?, header: [String]) throws(VantageError)
        -> (TrainingFrame, BacktestTask)
    {
        guard case let .text(labelCol)? = column(layout.label) else {
            throw .input(file: path, line: 1, column: 0, message: "no label column \"\(layout.label)\"")
        }
        guard let timeIndex = header.firstIndex(of: layout.time), case let .text(timeCol)? = column(layout.time) else {
            throw .input(file: path, line: 1, column: 0, message: "no time column \"\(layout.time)\"")
        }
        var times = [Int64](repeating: 0, count: rowCount)
        for r in 0..<rowCount {
            guard let t = timeCol.withField(r, { TimeParser.parse($0, format: layout.timeFormat) }) else {
                throw .input(file: file, line: line(r), column: timeIndex + 1,
                             message: "column \(layout.time): expected \(layout.timeFormat.rawValue) time, got \"\(timeCol.string(r))\"")
            }
            times[r] = t
        }
        let (labels, detected) = try parseLabels(labelCol, name: layout.label, file: file, line: line,
                                                 column: (header.firstIndex(of: layout.label) ?? 0) + 1)
        let columns = layout.features.map { column($0) ?? .text(TextColumn(Array(repeating: nil, count: rowCount))) }
        var positiveValues: [Double]?
        if let v = layout.valueColumn, let c = column(v) {
            switch c {
            case let .numbers(x): positiveValues = x.map { $0.isNaN ? 0 : $0 }
            case let .text(t): positiveValues = (0..<rowCount).map { r in t.withField(r) { NumberParser.parse($0) } ?? 0 }
            }
        }
        var segmentValues: [String]?
        if let sc = layout.segmentColumn, let c = column(sc) {
            switch c {
            case let .text(t): segmentValues = (0..<rowCount).map { t.value($0) ?? "(empty)" }
            case let .numbers(x): segmentValues = x.map { $0.isNaN ? "(empty)" : String($0) }
            }
        }
        let frame = TrainingFrame(path: path, rowCount: rowCount, labels: labels, times: times, featureNames: layout.features,
                                  columns: columns, positiveValues: positiveValues, segmentValues: segmentValues)
        return (frame, task ?? detected)
    }

    /// Binary when every non-empty label is 0/1 (or true/false); a number otherwise.
    static func parseLabels(_ col: TextColumn, name: String, file: String, line: (Int) -> Int,
                            column: Int) throws(VantageError) -> ([Double], BacktestTask) {
        var out = [Double](repeating: .nan, count: col.count)
        var binary = true
        for r in 0..<col.count where !col.isNull(r) {
            let text = col.string(r)
            switch text {
            case "true", "True", "TRUE": out[r] = 1
            case "false", "False", "FALSE": out[r] = 0
            default:
                guard let v = col.withField(r, { NumberParser.parse($0) }) else {
                    throw .input(file: file, line: line(r), column: column,
                                 message: "label column \(name): expected a number or true/false, got \"\(text)\"")
                }
                out[r] = v
                if v != 0 && v != 1 { binary = false }
            }
        }
        return (out, binary ? .binary : .regression)
    }

    /// The feature matrix: numbers as they are (empty = NaN). Whether a text column is
    /// numeric is decided on `trainRows` only, so the test period cannot change how a
    /// feature is represented: a numeric column's unparseable test values become missing;
    /// a column with text among its training values becomes the frequency of each value
    /// among `trainRows` (unseen = 0).
    /// Whether feature `c` holds the same value at `row` here and in `other` (empty
    /// equals empty), compared as written.
    func sameValue(_ c: Int, _ row: Int, in other: TrainingFrame) -> Bool {
        switch (columns[c], other.columns[c]) {
        case let (.numbers(a), .numbers(b)): return a[row] == b[row] || (a[row].isNaN && b[row].isNaN)
        case let (.text(a), .text(b)): return a.withField(row) { x in b.withField(row) { y in x.elementsEqual(y) } }
        case let (.text(a), .numbers(b)), let (.numbers(b), .text(a)):
            let x = a.withField(row) { NumberParser.parse($0) } ?? .nan
            return x == b[row] || (x.isNaN && b[row].isNaN)
        }
    }

    /// Whether feature `c` has a value at `row`: not empty, and not zero (a count or sum
    /// over an empty window is 0, which says "no history" as much as an empty cell).
    func hasValue(_ c: Int, _ row: Int) -> Bool {
        switch columns[c] {
        case let .numbers(v): return !v[row].isNaN && v[row] != 0
        case let .text(t): return !t.isNull(row) && t.withField(row) { NumberParser.parse($0) } != 0
        }
    }

    func matrix(encodingFrom trainRows: [Int]) throws(VantageError) -> FeatureMatrix {
        var cols = [[Double]]()
        for column in columns {
            guard case let .text(c) = column else {
                if case let .numbers(v) = column { cols.append(v) }
                continue
            }
            var numeric = [Double](repeating: .nan, count: rowCount)
            var parsed = [Bool](repeating: true, count: rowCount)
            c.bytes.withUnsafeBufferPointer { all in
                for r in 0..<rowCount {
                    let s = c.start(r), e = c.end(r)
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
