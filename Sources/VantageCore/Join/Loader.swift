import Dispatch
import Foundation

/// Reads, checks, encodes and sorts every input of a spec, once. Distinct sources are read
/// in parallel (a view on the spine's own file shares its read).
public enum Loader {
    public struct Options: Sendable {
        public var progress: (@Sendable (String) -> Void)?
        /// Tables already in memory, by CSV path, used instead of reading the file (tests
        /// and generated data).
        public var preloaded: [String: CSVTable]
        /// Skip rows whose time cannot be parsed (and count them) instead of failing.
        public var dropBadTimes: Bool
        /// The spine columns the caller reads from the loaded spine (nil: all of them).
        /// With a set, a spine read from a CSV file holds only these and the keys; the
        /// training-set writer reads its records again from the file (`SpineRecordSource`),
        /// so the spine's text is not held for the run.
        public var spineColumns: Set<String>?
        public init(progress: (@Sendable (String) -> Void)? = nil, preloaded: [String: CSVTable] = [:],
                    dropBadTimes: Bool = false, spineColumns: Set<String>? = nil) {
            self.progress = progress
            self.preloaded = preloaded
            self.dropBadTimes = dropBadTimes
            self.spineColumns = spineColumns
        }
    }

    public static func load(_ spec: Spec, options: Options = Options()) throws(VantageError) -> LoadedInputs {
        try Cancellation.check()
        Trace.mark("loading")
        // 1. Which columns each distinct source needs.
        var sources: [SourceLocation] = [spec.spine.source]
        // A lean spine: only what the join and the caller read (see `spineColumns`).
        var leanSpine: Set<String>?
        if let wanted = options.spineColumns, case let .csv(path) = spec.spine.source, options.preloaded[path] == nil {
            leanSpine = wanted.union(spec.spine.keys).union(spec.views.flatMap(\.spineKeys)).union([spec.spine.time])
        }
        var keep: [Set<String>?] = [leanSpine]
        for v in spec.views {
            let cols = columns(of: v)
            if let i = sources.firstIndex(of: v.source) {
                if keep[i] != nil { keep[i]!.formUnion(cols) }
            } else {
                sources.append(v.source)
                keep.append(cols)
            }
        }
        let times = timeConversions(spec, sources: sources, keep: keep, spineColumns: leanSpine == nil ? nil : options.spineColumns)
        // 2. Read the spine; the views' sources are read up to two ahead of their
        // preparation (`SourcePrefetch`, the first beside the spine) and each is let go
        // after its last view, so at most three view sources are held beside the spine.
        let (readable, columnsToKeep, lean) = (sources, keep, leanSpine != nil)
        @Sendable func read(_ i: Int) throws(VantageError) -> (CSVTable, InputRecord) {
            try Cancellation.check()
            options.progress?("reading \(readable[i].displayName)")
            var (table, record): (CSVTable, InputRecord)
            if case let .csv(path) = readable[i], let t = options.preloaded[path] {
                (table, record) = (t, InputRecord(role: "", source: path, rows: t.rowCount, bytes: nil, sha256: nil))
            } else {
                let name = readable[i].displayName
                // A lean spine is read again when written: its stream hash tells it is unchanged.
                (table, record) = try readSource(readable[i], keep: columnsToKeep[i], times: times[i],
                                                 streamHash: i == 0 && lean) { done, total in
                    options.progress?("reading \(name): \(done >> 20) of \(total >> 20) MiB")
                }
            }
            record.role = i == 0 ? "spine" : spec.views.filter { $0.source == readable[i] }.map(\.name).joined(separator: ",")
            return (table, record)
        }
        // The views' own sources, in the order the views need them, read up to two ahead:
        // the first beside the spine.
        var viewSources = [Int]()
        for v in spec.views {
            if let si = sources.firstIndex(of: v.source), si > 0, !viewSources.contains(si) { viewSources.append(si) }
        }
        let prefetch = SourcePrefetch(order: viewSources, ahead: 2, read: read)
        defer { prefetch.stop() }
        var records = [InputRecord?](repeating: nil, count: sources.count)
        let spineRead = try read(0)
        records[0] = spineRead.1
        var tables: [Int: CSVTable] = [0: spineRead.0]  // a source's table until its last view is prepared
        try Cancellation.check()
        var spine = spineRead.0
        // 3. Spine checks and times.
        for (i, k) in spec.spine.keys.enumerated() where !spine.header.contains(k) {
            throw .spec(path: "spine.keys[\(i)]", message: "no column \"\(k)\" in \(spine.file) (columns: \(spine.header.joined(separator: ", ")))")
        }
        guard let timeIndex = spine.header.firstIndex(of: spec.spine.time), spine.columns[timeIndex] != nil || spine.parsedTimes[timeIndex] != nil else {
            throw .spec(path: "spine.time", message: "no column \"\(spec.spine.time)\" in \(spine.file) (columns: \(spine.header.joined(separator: ", ")))")
        }
        if let label = spec.spine.label, !spine.header.contains(label) {
            throw .spec(path: "spine.label", message: "no column \"\(label)\" in \(spine.file)")
        }
        let outputNames = Set(spine.header)
        for v in spec.views {
            for c in v.outputColumns where outputNames.contains(c) {
                throw .spec(path: "views", message: "output column \"\(c)\" of view \(v.name) has the name of a spine column")
            }
        }
        let spineDropped = options.dropBadTimes ? TimeColumn.Dropped() : nil
        var spineTimes = try TimeColumn.values(table: spine, column: timeIndex, format: spec.spine.timeFormat, dropInto: spineDropped)
        spine.parsedTimes = [:]
        let recordsRead = spine.rowCount
        if let spineDropped, !spineDropped.rows.isEmpty {
            let keep = (0..<spine.rowCount).filter { !spineDropped.rows.contains($0) }
            spine = spine.selecting(rows: keep)
            spineTimes = keep.map { spineTimes[$0] }
            records[0]!.droppedRows = spineDropped.rows.count
        }
        if leanSpine != nil, case let .csv(path) = spec.spine.source, let hash = spineRead.0.streamHash {
            // The time text is parsed; unless the caller reads it, it goes.
            if options.spineColumns?.contains(spec.spine.time) != true { spine.columns[timeIndex] = nil }
            spine.rereadSource = SpineRecordSource(path: path, streamHash: hash, records: recordsRead, width: spine.header.count,
                                                   skipped: spineDropped.map { $0.rows.sorted() } ?? [])
        }
        Trace.mark("spine times parsed")
        options.progress?("encoding keys")
        let encoder = KeyEncoder(spine: spine)
        encoder.prepare(columns: spec.views.flatMap(\.spineKeys).filter { spine.header.contains($0) })
        // Check every view's spine keys and count the rows with an empty key part.
        var emptyKeys = [String: Int]()
        for (i, v) in spec.views.enumerated() {
            for (j, sk) in v.spineKeys.enumerated() where !spine.header.contains(sk) {
                throw .spec(path: "views[\(i)].\(v.spineKeys == v.keys ? "keys" : "spine_keys")[\(j)]",
                            message: "no spine column \"\(sk)\" to match (spine columns: \(spine.header.joined(separator: ", ")))")
            }
            let space = encoder.space(v.spineKeys)
            emptyKeys[v.name] = space.spineIds.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
        }
        if leanSpine != nil {
            // Every key space of the spec is built: only the caller's columns stay.
            encoder.releaseSpineText()
            for (i, name) in spine.header.enumerated() where options.spineColumns?.contains(name) != true { spine.columns[i] = nil }
        }
        // Group the spine by each view's key in the background while the views load.
        let spineOrders = SpineOrders(times: spineTimes)
        var spaceNames = Set<[String]>()
        spineOrders.prepare(spec.views.filter { spaceNames.insert($0.spineKeys).inserted }.map { encoder.space($0.spineKeys) })
        Trace.mark("spine keys encoded")
        try Cancellation.check()
        // 4. Views, one at a time (see 2), each from its own table and the encoder's key
        // spaces (built above).
        let lastUse = Dictionary(spec.views.indices.map { (sources.firstIndex(of: spec.views[$0].source) ?? 0, $0) },
                                 uniquingKeysWith: { max($0, $1) })
        var views = [LoadedView]()
        for (i, v) in spec.views.enumerated() {
            let si = sources.firstIndex(of: v.source) ?? 0
            if tables[si] == nil {
                let (t, rec) = try prefetch.take(si)
                tables[si] = t
                records[si] = rec
            }
            guard let table = tables[si] else { break }
            // After its last view a source's table is handed over, so the preparation can
            // let its columns go as it is done with them.
            if lastUse[si] == i { tables[si] = nil }
            options.progress?("preparing \(v.name)")
            let dropped = options.dropBadTimes ? TimeColumn.Dropped() : nil
            try Cancellation.check()
            switch v.kind {
            case .lookup: views.append(.lookup(try ViewPreparer.lookup(v, index: i, table: consume table, encoder: encoder, dropped: dropped)))
            case .aggregate: views.append(.aggregate(try ViewPreparer.events(v, index: i, table: table, encoder: encoder, dropped: dropped)))
            }
            if let n = dropped?.rows.count, n > 0, si > 0 { records[si]!.droppedRows = max(records[si]!.droppedRows ?? 0, n) }
        }
        Trace.mark("views prepared")
        try Cancellation.check()
        return LoadedInputs(spec: spec, spine: spine, spineTimes: spineTimes, views: views, encoder: encoder,
                            inputs: records.compactMap { $0 }, emptyKeyRows: emptyKeys, spineOrders: spineOrders)
    }

    /// The columns of its source that a view reads.
    static func columns(of v: ViewSpec) -> Set<String> {
        var cols = Set(v.keys).union([v.time])
        if let c = v.created { cols.insert(c) }
        cols.formUnion(v.features)
        for a in v.aggregations { if let c = a.column { cols.insert(c) } }
        return cols
    }

    /// Which columns of each source are read as times only, and in which format: those
    /// are parsed while reading (`CSVStream`), never held as text. A column is converted
    /// when it is read in one format and nothing reads its text (a key, a feature, an
    /// aggregated column, a spine column the caller or the output needs).
    static func timeConversions(_ spec: Spec, sources: [SourceLocation], keep: [Set<String>?],
                                spineColumns: Set<String>?) -> [[String: TimeFormat]] {
        var text = [Set<String>](repeating: [], count: sources.count)
        var formats = [[String: Set<TimeFormat>]](repeating: [:], count: sources.count)
        if let spineColumns {
            text[0] = spineColumns.union(spec.spine.keys).union(spec.views.flatMap(\.spineKeys))
            if let label = spec.spine.label { text[0].insert(label) }
            formats[0][spec.spine.time, default: []].insert(spec.spine.timeFormat)
        }
        for v in spec.views {
            let i = sources.firstIndex(of: v.source) ?? 0
            text[i].formUnion(v.keys)
            text[i].formUnion(v.features)
            for a in v.aggregations { if let c = a.column { text[i].insert(c) } }
            for c in [v.time, v.created].compactMap({ $0 }) { formats[i][c, default: []].insert(v.timeFormat) }
        }
        return sources.indices.map { i in
            // A source read whole (the spine of a run that keeps every column) keeps text.
            guard keep[i] != nil else { return [:] }
            var out = [String: TimeFormat]()
            for (name, f) in formats[i] where f.count == 1 && !text[i].contains(name) { out[name] = f.first }
            return out
        }
    }

    static func readSource(_ source: SourceLocation, keep: Set<String>?, times: [String: TimeFormat] = [:],
                           streamHash: Bool = false,
                           progress: ((Int, Int) -> Void)? = nil) throws(VantageError) -> (CSVTable, InputRecord) {
        switch source {
        case let .csv(path):
            let read = try CSVStream.read(path: path, file: path, keep: keep, times: times, streamHash: streamHash, progress: progress)
            Trace.mark("read and parsed \(path)")
            return (read.table, InputRecord(role: "", source: path, rows: read.table.rowCount, bytes: read.bytes, sha256: read.sha256))
        case .parquet:
            return (try SourceReader.read(source, keep: keep), InputRecord(role: "", source: source.displayName, rows: 0, bytes: nil, sha256: nil))
        case let .sqliteTable(db, _), let .sqliteQuery(db, _):
            let table = try SourceReader.read(source, keep: keep)
            let (sha, bytes) = try Checksum.sha256Hex(fileAt: db)
            return (table, InputRecord(role: "", source: source.displayName, rows: table.rowCount, bytes: bytes, sha256: sha))
        }
    }
}
