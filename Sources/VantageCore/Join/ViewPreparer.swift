/// Turns a view's table into its merge-ready form: keys encoded into the spine's key
/// space, times parsed, rows grouped by key and sorted once.
enum ViewPreparer {
    static func column(_ table: CSVTable, _ name: String, path: String) throws(VantageError) -> (Int, TextColumn) {
        guard let i = table.header.firstIndex(of: name), let c = table.columns[i] else {
            throw .spec(path: path, message: "no column \"\(name)\" in \(table.file) (columns: \(table.header.joined(separator: ", ")))")
        }
        return (i, c)
    }

    /// The header index of a column read as times (held as text or parsed while reading).
    static func timeColumn(_ table: CSVTable, _ name: String, path: String) throws(VantageError) -> Int {
        guard let i = table.header.firstIndex(of: name), table.columns[i] != nil || table.parsedTimes[i] != nil else {
            throw .spec(path: path, message: "no column \"\(name)\" in \(table.file) (columns: \(table.header.joined(separator: ", ")))")
        }
        return i
    }

    static func keyColumns(_ v: ViewSpec, index: Int, table: CSVTable) throws(VantageError) -> [TextColumn] {
        var out = [TextColumn]()
        for (j, k) in v.keys.enumerated() { out.append(try column(table, k, path: "views[\(index)].keys[\(j)]").1) }
        return out
    }

    /// `table` is consumed: when the caller holds no other reference (the source's last
    /// view), its key text and parsed times are let go as soon as they are encoded and
    /// grouped, which is the peak of the load.
    static func lookup(_ v: ViewSpec, index: Int, table: consuming CSVTable, encoder: KeyEncoder,
                       dropped: TimeColumn.Dropped?) throws(VantageError) -> LookupView {
        let p = "views[\(index)]"
        var keys = try keyColumns(v, index: index, table: table)
        let ti = try timeColumn(table, v.time, path: "\(p).time")
        let tau = try TimeColumn.values(table: table, column: ti, format: v.timeFormat, dropInto: dropped)
        var created = tau
        if let c = v.created {
            let ci = try timeColumn(table, c, path: "\(p).created")
            created = try TimeColumn.values(table: table, column: ci, format: v.timeFormat, nullAs: tau, dropInto: dropped)
        }
        Trace.mark("\(v.name): times")
        var features = [TextColumn]()
        for (j, f) in v.features.enumerated() { features.append(try column(table, f, path: "\(p).features[\(j)]").1) }
        let space = encoder.space(v.spineKeys)
        let rowCount = table.rowCount
        var ids = encoder.encode(view: keys, rows: rowCount, spineColumns: v.spineKeys)
        keys = []
        table = CSVTable(file: table.file, header: table.header, columns: [:], rowCount: rowCount, recordLines: nil)
        if let dropped { for r in dropped.rows { ids[r] = -1 } }
        // Without a created column, visibility, τ and created time are one array, shared
        // (copy-on-write) rather than three copies per row.
        var visible = tau
        if v.created != nil {
            for r in 0..<rowCount { visible[r] = max(tau[r], created[r]) }
        }
        Trace.mark("\(v.name): keys")
        var grouping = Grouping(keys: ids, keyCount: space.count)
        ids = []
        var sv = Gather.values(visible, at: grouping.order)
        grouping.sortGroups(gathered: &sv)
        Trace.mark("\(v.name): grouped")
        let st = v.created == nil ? sv : Gather.values(tau, at: grouping.order)
        let sc = v.created == nil ? sv : Gather.values(created, at: grouping.order)
        Trace.mark("\(v.name): gathered")
        return LookupView(spec: v, space: space, features: features,
                          tau: tau, starts: grouping.starts,
                          sortedVisible: sv, sortedTau: st, sortedCreated: sc, sortedRow: grouping.order,
                          rowCount: table.rowCount, matchedRows: grouping.order.count, timeRange: timeRange(tau, skipping: dropped))
    }

    static func events(_ v: ViewSpec, index: Int, table: CSVTable, encoder: KeyEncoder,
                       dropped: TimeColumn.Dropped?) throws(VantageError) -> EventLog {
        let p = "views[\(index)]"
        let keys = try keyColumns(v, index: index, table: table)
        let ti = try timeColumn(table, v.time, path: "\(p).time")
        let tau = try TimeColumn.values(table: table, column: ti, format: v.timeFormat, dropInto: dropped)
        let space = encoder.space(v.spineKeys)
        var ids = encoder.encode(view: keys, rows: table.rowCount, spineColumns: v.spineKeys)
        if let dropped { for r in dropped.rows { ids[r] = -1 } }
        var grouping = Grouping(keys: ids, keyCount: space.count)
        var sortedTau = Gather.values(tau, at: grouping.order)
        grouping.sortGroups(gathered: &sortedTau)
        let order = grouping.order
        var numeric = [String: [Double]]()
        var text = [String: TextColumn]()
        var distinct = [String: (ids: [Int32], count: Int)]()
        for (j, a) in v.aggregations.enumerated() {
            guard let name = a.column else { continue }
            let (ci, col) = try column(table, name, path: "\(p).aggregations[\(j)].column")
            if a.function.isNumeric, numeric[name] == nil {
                numeric[name] = try numbers(col, order: order, table: table, column: ci)
            }
            if a.function == .last { text[name] = col }
            if a.function == .countDistinct, distinct[name] == nil {
                var dict = KeyDictionary()
                var vids = [Int32](repeating: -1, count: order.count)
                for (i, r) in order.enumerated() where !col.isNull(Int(r)) {
                    vids[i] = col.withField(Int(r)) { dict.intern($0) }
                }
                distinct[name] = (vids, dict.count)
            }
        }
        return EventLog(spec: v, space: space, starts: grouping.starts, sortedTau: sortedTau, sortedRow: order,
                        numeric: numeric, text: text, distinct: distinct, rowCount: table.rowCount,
                        timeRange: timeRange(tau, skipping: dropped))
    }

    /// Values of a numeric column in sorted order; null → NaN. Every row is checked, also
    /// those whose key never reaches the spine: anything but a number is an error naming
    /// the file, line and column.
    static func numbers(_ col: TextColumn, order: [Int32], table: CSVTable, column: Int) throws(VantageError) -> [Double] {
        var perRow = [Double](repeating: .nan, count: col.count)
        var bad = -1
        col.bytes.withUnsafeBufferPointer { all in
            for r in 0..<col.count {
                let s = col.start(r), e = col.end(r)
                if s == e { continue }
                if let v = NumberParser.parse(UnsafeBufferPointer(rebasing: all[s..<e])) {
                    perRow[r] = v
                } else if bad < 0 {
                    bad = r
                }
            }
        }
        if bad >= 0 {
            throw .input(file: table.file, line: table.line(ofRow: bad), column: column + 1,
                         message: "column \(table.header[column]): expected a number like -2.5 or 1e3 (within ±1.8e308), got \"\(col.string(bad))\"")
        }
        return order.map { perRow[Int($0)] }
    }
}
