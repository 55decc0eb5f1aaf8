import VantageCore

/// A log of served requests, checked against a spec: the spine's key and time columns,
/// then any of the training set's feature columns (`<view>__<feature>`,
/// `<view>__<function>_<column>_<window>`) holding what production served.
///
/// The replay treats the log as the spine: `replaySpec` is the spec with the log (its
/// key and time columns only) in place of the spine, so the engine computes, for exactly
/// these requests, what each view held point in time.
struct ServedLog {
    /// One served feature column.
    struct Column {
        /// The output column name, as in the training set.
        let name: String
        /// Index of its view in the spec, and of the column among the view's outputs.
        let view: Int
        let position: Int
        let values: ServedValues
    }

    let source: SourceLocation
    let table: CSVTable
    let columns: [Column]
    let record: InputRecord

    /// Reads `source` and checks its header: every spine key and the time column present,
    /// every other column a feature column of the spec (an unknown one is an error with a
    /// did-you-mean), at least one feature column.
    static func read(_ source: SourceLocation, spec: Spec) throws(VantageError) -> ServedLog {
        let table: CSVTable
        var bytes: Int?
        var sha: String?
        switch source {
        case let .csv(path):
            let data = try FileBytes.read(path: path)
            bytes = data.count
            sha = Checksum.sha256Hex(data)
            table = try CSVReader.parse(data, file: path, keep: nil)
        case let .sqliteTable(db, _), let .sqliteQuery(db, _):
            table = try SourceReader.read(source, keep: nil)
            let data = try FileBytes.read(path: db)
            bytes = data.count
            sha = Checksum.sha256Hex(data)
        case let .parquet(path):
            throw .usage("the served log \(path) is Parquet: vantage skew reads CSV or SQLite logs")
        }
        for v in spec.views where v.source == source {
            throw .usage("the served log \(source.displayName) is also the source of view \(v.name); give the log of served requests")
        }
        let file = table.file
        let needed = spec.spine.keys + [spec.spine.time]
        for k in needed where !table.header.contains(k) {
            let role = k == spec.spine.time ? "time column" : "key column"
            throw .input(file: file, line: 1, column: 0,
                         message: "no \(role) \"\(k)\": the served log needs the spine's keys and time as named in the spec (\(needed.joined(separator: ", "))); columns: \(table.header.joined(separator: ", "))")
        }
        if table.rowCount == 0 {
            throw .input(file: file, line: 2, column: 0, message: "no served requests: the log has a header but no rows to compare")
        }
        try checkTimes(table, column: spec.spine.time, format: spec.spine.timeFormat)
        var known = [String: (Int, Int)]()
        for (i, v) in spec.views.enumerated() {
            for (j, c) in v.outputColumns.enumerated() { known[c] = (i, j) }
        }
        var columns = [Column]()
        for (h, name) in table.header.enumerated() where !needed.contains(name) {
            guard let (view, position) = known[name] else {
                let all = spec.views.flatMap(\.outputColumns)
                let hint = DidYouMean.suggest(name, among: all).map { "; did you mean \"\($0)\"?" } ?? ""
                throw .input(file: file, line: 1, column: h + 1,
                             message: "unknown column \"\(name)\": not a spine key, the time column or a feature column of the spec\(hint) (feature columns look like \(all.prefix(3).joined(separator: ", ")))")
            }
            guard let text = table.columns[h] else { continue }
            columns.append(Column(name: name, view: view, position: position, values: ServedValues(text)))
        }
        if columns.isEmpty {
            throw .input(file: file, line: 1, column: 0,
                         message: "no feature columns: the served log needs at least one column named as in the training set, such as \(spec.views.flatMap(\.outputColumns).prefix(2).joined(separator: " or "))")
        }
        let record = InputRecord(role: "served", source: source.displayName, rows: table.rowCount, bytes: bytes, sha256: sha)
        return ServedLog(source: source, table: table, columns: columns, record: record)
    }

    /// Every request time must parse (the replay has no row to skip): the first bad one
    /// is reported with its line, and how many others are bad.
    static func checkTimes(_ table: CSVTable, column name: String, format: TimeFormat) throws(VantageError) {
        guard let c = table.header.firstIndex(of: name), let col = table.columns[c] else { return }
        var first = -1, bad = 0
        for r in 0..<col.count where col.withField(r, { TimeParser.parse($0, format: format) }) == nil {
            if first < 0 { first = r }
            bad += 1
        }
        guard first >= 0 else { return }
        let got = col.isNull(first) ? "an empty field" : "\"\(col.string(first))\""
        let more = bad > 1 ? " (\(bad - 1) more row\(bad == 2 ? "" : "s") bad too)" : ""
        throw .input(file: table.file, line: table.line(ofRow: first), column: c + 1,
                     message: "column \(name): expected a request time as the spine writes it (time_format \(format.rawValue)), got \(got)\(more)")
    }

    /// The spec replayed over the served requests: the log's key and time columns as
    /// the spine (no label), views unchanged.
    func replay(_ spec: Spec) -> (spec: Spec, preloaded: [String: CSVTable]) {
        var s = spec
        let marker = source.displayName
        s.spine.source = .csv(path: marker)
        s.spine.label = nil
        let spine = table.projected(onto: spec.spine.keys + [spec.spine.time])
        return (s, [marker: spine])
    }
}

/// Served cells of one column, parsed once: the number of each (NaN when null or not a
/// number) and the text, for values that are not numbers.
struct ServedValues {
    let text: TextColumn
    let numbers: [Double]

    init(_ text: TextColumn) {
        self.text = text
        var n = [Double](repeating: .nan, count: text.count)
        for r in 0..<text.count where !text.isNull(r) {
            n[r] = text.withField(r) { NumberParser.parse($0) } ?? .nan
        }
        numbers = n
    }
}
