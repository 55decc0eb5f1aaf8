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
        public init(progress: (@Sendable (String) -> Void)? = nil, preloaded: [String: CSVTable] = [:],
                    dropBadTimes: Bool = false) {
            self.progress = progress
            self.preloaded = preloaded
            self.dropBadTimes = dropBadTimes
        }
    }

    public static func load(_ spec: Spec, options: Options = Options()) throws(VantageError) -> LoadedInputs {
        try Cancellation.check()
        // 1. Which columns each distinct source needs.
        var sources: [SourceLocation] = [spec.spine.source]
        var keep: [Set<String>?] = [nil]
        for v in spec.views {
            let cols = columns(of: v)
            if let i = sources.firstIndex(of: v.source) {
                if keep[i] != nil { keep[i]!.formUnion(cols) }
            } else {
                sources.append(v.source)
                keep.append(cols)
            }
        }
        options.progress?("reading \(sources.count) input\(sources.count == 1 ? "" : "s")")
        // 2. Read them in parallel.
        let results = ParallelMap.run(sources.count) { [sources, keep] i -> Result<(CSVTable, InputRecord), VantageError> in
            do throws(VantageError) {
                try Cancellation.check()
                if case let .csv(path) = sources[i], let t = options.preloaded[path] {
                    return .success((t, InputRecord(role: "", source: path, rows: t.rowCount, bytes: nil, sha256: nil)))
                }
                return .success(try readSource(sources[i], keep: keep[i]))
            } catch {
                return .failure(error)
            }
        }
        Trace.mark("read and parsed \(sources.count) sources")
        var tables = [CSVTable]()
        var records = [InputRecord]()
        for (i, r) in results.enumerated() {
            let (t, rec) = try r.get()
            tables.append(t)
            var named = rec
            named.role = i == 0 ? "spine" : spec.views.filter { $0.source == sources[i] }.map(\.name).joined(separator: ",")
            records.append(named)
        }
        try Cancellation.check()
        var spine = tables[0]
        // 3. Spine checks and times.
        for (i, k) in spec.spine.keys.enumerated() where !spine.header.contains(k) {
            throw .spec(path: "spine.keys[\(i)]", message: "no column \"\(k)\" in \(spine.file) (columns: \(spine.header.joined(separator: ", ")))")
        }
        guard let timeIndex = spine.header.firstIndex(of: spec.spine.time), let timeCol = spine.columns[timeIndex] else {
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
        var spineTimes = try TimeColumn.parse(timeCol, table: spine, column: timeIndex, format: spec.spine.timeFormat, dropInto: spineDropped)
        if let spineDropped, !spineDropped.rows.isEmpty {
            let keep = (0..<spine.rowCount).filter { !spineDropped.rows.contains($0) }
            spine = spine.selecting(rows: keep)
            spineTimes = keep.map { spineTimes[$0] }
            records[0].droppedRows = spineDropped.rows.count
        }
        Trace.mark("spine times parsed")
        options.progress?("encoding keys")
        let encoder = KeyEncoder(spine: spine)
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
        Trace.mark("spine keys encoded")
        try Cancellation.check()
        // 4. Views, in parallel: each reads only its own table and the encoder's key
        // spaces (built above; the encoder is safe to share either way).
        options.progress?("preparing \(spec.views.count) view\(spec.views.count == 1 ? "" : "s")")
        let prepared = ParallelMap.run(spec.views.count) { [sources, tables] i -> Result<(LoadedView, Int), VantageError> in
            let v = spec.views[i]
            let table = tables[sources.firstIndex(of: v.source) ?? 0]
            let dropped = options.dropBadTimes ? TimeColumn.Dropped() : nil
            do throws(VantageError) {
                try Cancellation.check()
                let view: LoadedView
                switch v.kind {
                case .lookup: view = .lookup(try ViewPreparer.lookup(v, index: i, table: table, encoder: encoder, dropped: dropped))
                case .aggregate: view = .aggregate(try ViewPreparer.events(v, index: i, table: table, encoder: encoder, dropped: dropped))
                }
                return .success((view, dropped?.rows.count ?? 0))
            } catch {
                return .failure(error)
            }
        }
        var views = [LoadedView]()
        for (i, r) in prepared.enumerated() {
            let (view, dropped) = try r.get()
            views.append(view)
            let si = sources.firstIndex(of: spec.views[i].source) ?? 0
            if dropped > 0, si > 0 { records[si].droppedRows = max(records[si].droppedRows ?? 0, dropped) }
        }
        Trace.mark("views prepared")
        try Cancellation.check()
        return LoadedInputs(spec: spec, spine: spine, spineTimes: spineTimes, views: views, encoder: encoder,
                            inputs: records, emptyKeyRows: emptyKeys)
    }

    /// The columns of its source that a view reads.
    static func columns(of v: ViewSpec) -> Set<String> {
        var cols = Set(v.keys).union([v.time])
        if let c = v.created { cols.insert(c) }
        cols.formUnion(v.features)
        for a in v.aggregations { if let c = a.column { cols.insert(c) } }
        return cols
    }

    static func readSource(_ source: SourceLocation, keep: Set<String>?) throws(VantageError) -> (CSVTable, InputRecord) {
        switch source {
        case let .csv(path):
            let bytes = try FileBytes.read(path: path)
            Trace.mark("read \(path)")
            try Cancellation.check()
            let sha = Checksum.sha256Hex(bytes)
            Trace.mark("sha256 \(path)")
            let table = try CSVReader.parse(bytes, file: path, keep: keep)
            Trace.mark("parsed \(path)")
            return (table, InputRecord(role: "", source: path, rows: table.rowCount, bytes: bytes.count, sha256: sha))
        case .parquet:
            return (try SourceReader.read(source, keep: keep), InputRecord(role: "", source: source.displayName, rows: 0, bytes: nil, sha256: nil))
        case let .sqliteTable(db, _), let .sqliteQuery(db, _):
            let table = try SourceReader.read(source, keep: keep)
            let bytes = try FileBytes.read(path: db)
            return (table, InputRecord(role: "", source: source.displayName, rows: table.rowCount, bytes: bytes.count,
                                       sha256: Checksum.sha256Hex(bytes)))
        }
    }
}
