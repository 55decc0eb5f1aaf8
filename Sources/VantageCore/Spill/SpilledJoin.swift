import Foundation

/// A join whose inputs do not fit the memory budget, computed partition by partition
/// with outputs byte for byte those of the in-memory path.
///
/// Design. A view's value for a spine row depends only on the rows of that view whose
/// key equals the spine row's key in the view's *key space* (the spine columns it
/// matches, `spine_keys`). Views may use different key spaces, so one partitioning of
/// the spine cannot serve them all; instead:
///
/// 1. Partition pass (streamed in bounded chunks, `SpillPartitioner`): each record is
///    copied as read, after only its key fields were located and hashed
///    (`RawRecordScanner`, `KeyHash`), into one of `P` partition files, with its spine row
///    number and physical line in a side file. The spine is written once per distinct key
///    space (its later copies are parsed for the columns the engine reads only); the
///    partition of every spine row in every space is kept (2 bytes a row). Each view
///    source is split by the hash of the view's own key columns (equal keys hash equally
///    on both sides), once per (source, key columns).
/// 2. Per key space and partition: the partition files are parsed and handed to the
///    ordinary `Loader` and `PointInTimeEngine` (every view of the spec is present, the
///    views of other spaces with no rows, so messages name the same spec paths, files
///    and lines), and the views of that space are computed and formatted, per spine row
///    of the partition, into a run file: the row number, then length-prefixed CSV
///    fragments (the spine's fields in the first space, then each view's fields). A run
///    is sorted by row number, since partitions keep file order.
/// 3. Assembly: for row 0, 1, 2, ... the recorded partition of the row in each space
///    names the run holding its next record (a k-way merge whose order is known), and the
///    row is written as the spine fragment then every view's fragment in spec order.
///
/// Not spilled (the in-memory path runs): SQLite sources and `--drop-bad-times`.
/// Partitions run several at once when the budget holds them (`PartitionWorkers`), each
/// also using the engine's own parallelism.
public enum SpilledJoin {
    /// One training set to write: the level of every view, and whether each view is
    /// followed by its `<view>__age_s`.
    public struct Output: Sendable {
        public var path: String
        public var levels: [FreshnessLevel]
        public var withAge: Bool
    }

    public struct Outcome {
        public var rows: Int
        /// Per output: its header.
        public var headers: [[String]]
        /// Per output, per view: covered and total cells, summed over partitions.
        public var cells: [[(covered: Int, total: Int)]]
        public var emptyKeyRows: [String: Int]
        public var inputs: [InputRecord]
        public var partitions: Int
    }

    /// A view's output at a level within one partition, computed once however often asked.
    public typealias Compute = (_ view: Int, _ level: FreshnessLevel) -> ViewOutput

    /// The number of partitions when `spec` must spill under `budget`, else nil.
    public static func plan(_ spec: Spec, budget: MemoryBudget, dropBadTimes: Bool) -> Int? {
        guard !dropBadTimes, let sizes = inputSizes(spec) else { return nil }
        let byBudget = budget.partitions(inputBytes: sizes.reduce(0, +))
        // A text column holds at most 4 GiB (32-bit offsets): a file past `largestHeld`
        // is split so that each partition holds a quarter of that or less, leaving room
        // for keys that gather in one partition.
        let largest = sizes.max() ?? 0
        let bySize = largest > largestHeld ? 4 * (largest / largestHeld + 1) : nil
        guard let count = [byBudget, bySize].compactMap({ $0 }).max() else { return nil }
        return min(count, Int(UInt16.max))
    }

    /// The largest input file read whole into memory (see `plan`).
    static let largestHeld = 3 << 30

    /// The bytes of the distinct input files, nil when a source is not a CSV file.
    static func inputBytes(_ spec: Spec) -> Int? {
        inputSizes(spec)?.reduce(0, +)
    }

    /// The size of each distinct input file, nil when a source is not a CSV file.
    static func inputSizes(_ spec: Spec) -> [Int]? {
        var paths = [String]()
        for s in [spec.spine.source] + spec.views.map(\.source) {
            guard case let .csv(p) = s else { return nil }
            if !paths.contains(p) { paths.append(p) }
        }
        return paths.map { (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) ?? 0 }
    }

    /// Writes every output in `outputs`; `partition` is called once per key space and
    /// partition with its inputs and the views of that space (a sweep's profile).
    public static func write(spec: Spec, outputs: [Output], partitions count: Int, budget: MemoryBudget,
                             progress: (@Sendable (String) -> Void)?,
                             partition: ((LoadedInputs, [Int], Compute) throws(VantageError) -> Void)? = nil) throws(VantageError) -> Outcome {
        guard case let .csv(spinePath) = spec.spine.source else { throw .usage("spilling needs CSV sources") }
        let P = max(1, count)
        Trace.mark("spilling into \(P) partitions")
        let bytes = inputBytes(spec) ?? 0
        // The spine is written once per key space, the views once, then the runs.
        let folder = try SpillFolder(parent: budget.tmp, needed: bytes * 2 + fileSize(spinePath) * spaceCount(spec) + (64 << 20))
        // A chunk is held twice, read ahead and being partitioned (`ReadAhead`): 1/32 each.
        let chunkBytes = min(32 << 20, max(1 << 20, budget.bytes / 32))
        let meter = SpillProgress(callback: progress)
        // Key spaces and view groups (source, key columns).
        var spaces = [[String]]()
        var viewSpace = [Int]()
        for v in spec.views {
            if let k = spaces.firstIndex(of: v.spineKeys) { viewSpace.append(k) } else { viewSpace.append(spaces.count); spaces.append(v.spineKeys) }
        }
        if spaces.isEmpty { spaces = [spec.spine.keys] }
        var groups = [(path: String, keys: [String])]()
        var viewGroup = [Int]()
        for v in spec.views {
            guard case let .csv(p) = v.source else { throw .usage("spilling needs CSV sources") }
            if let g = groups.firstIndex(where: { $0.path == p && $0.keys == v.keys }) { viewGroup.append(g) } else {
                viewGroup.append(groups.count)
                groups.append((p, v.keys))
            }
        }
        // What each source is read with, as the in-memory path reads it.
        var keepBySource = [String: Set<String>?]()
        keepBySource[spinePath] = .some(nil)
        for v in spec.views {
            guard case let .csv(p) = v.source else { continue }
            if let k = keepBySource[p] {
                if let set = k { keepBySource[p] = .some(set.union(Loader.columns(of: v))) }
            } else {
                keepBySource[p] = .some(Loader.columns(of: v))
            }
        }
        // 1. Partition pass.
        let spineTargets = spaces.indices.map { k in
            SpillPartitioner.Target(keys: spaces[k], files: (0..<P).map { (folder.file("s\(k)-\($0).csv"), folder.file("s\(k)-\($0).meta")) },
                                    recordAssignment: true)
        }
        let spine = try SpillPartitioner.run(path: spinePath, keep: keepBySource[spinePath] ?? nil, targets: spineTargets,
                                             partitions: P, chunkBytes: chunkBytes, folder: folder, isSpine: true,
                                             progress: meter.partitioning(spinePath))
        Trace.mark("spine partitioned")
        var groupHeaders = [[String]]()
        var records = [spine.record]
        records[0].role = "spine"
        for (g, group) in groups.enumerated() {
            let target = SpillPartitioner.Target(keys: group.keys, files: (0..<P).map { (folder.file("g\(g)-\($0).csv"), folder.file("g\(g)-\($0).meta")) },
                                                 recordAssignment: false)
            let r = try SpillPartitioner.run(path: group.path, keep: keepBySource[group.path] ?? nil, targets: [target],
                                             partitions: P, chunkBytes: chunkBytes, folder: folder, isSpine: false,
                                             progress: meter.partitioning(group.path))
            groupHeaders.append(r.header)
            if group.path != spinePath, !records.contains(where: { $0.source == group.path }) {
                var rec = r.record
                rec.role = spec.views.filter { $0.source == .csv(path: group.path) }.map(\.name).joined(separator: ",")
                records.append(rec)
            }
        }
        Trace.mark("views partitioned")
        // 2. Per key space and partition, a run file; several partitions at once when
        // the budget holds them (`workers`).
        let tasks = spaces.indices.flatMap { k in (0..<P).map { (space: k, part: $0) } }
        let taskBytes = tasks.map { t in
            fileSize(folder.file("s\(t.space)-\(t.part).csv"))
                + Set(spec.views.indices.filter { viewSpace[$0] == t.space }.map { viewGroup[$0] })
                .reduce(0) { $0 + fileSize(folder.file("g\($1)-\(t.part).csv")) }
        }
        let allBytes = taskBytes.reduce(0, +)
        let workers = budget.partitionWorkers(largest: taskBytes.max() ?? 0)
        Trace.mark("joining \(tasks.count) partitions, \(workers) at a time")
        let started = Locked(0)
        let parts = try PartitionWorkers.run(tasks.count, workers: workers) { (t) throws(VantageError) -> PartOutcome in
            try Cancellation.check()
            let done = started.withLock { n in defer { n += taskBytes[t] }; return n }
            meter.joining(partition: tasks[t].part, of: P, space: tasks[t].space, of: spaces.count, bytesDone: done, bytesTotal: allBytes)
            return try joinPartition(space: tasks[t].space, part: tasks[t].part, spec: spec, spinePath: spinePath, outputs: outputs,
                                     viewSpace: viewSpace, viewGroup: viewGroup, groupHeaders: groupHeaders, keepBySource: keepBySource,
                                     folder: folder, partition: partition)
        }
        var cells = [[(covered: Int, total: Int)]](repeating: .init(repeating: (0, 0), count: spec.views.count), count: outputs.count)
        var emptyKeys = [String: Int]()
        var headers = [[String]](repeating: [], count: outputs.count)
        for part in parts {
            for j in outputs.indices {
                for (i, c) in part.cells[j] {
                    cells[j][i].covered += c.covered
                    cells[j][i].total += c.total
                }
            }
            for (name, n) in part.emptyKeyRows { emptyKeys[name, default: 0] += n }
            if headers.first?.isEmpty ?? false { headers = part.headers }
        }
        Trace.mark("partitions joined")
        // 3. Assembly in spine order, output by output.
        var rows = 0
        for (j, output) in outputs.enumerated() {
            rows = try assemble(out: output.path, run: j, header: headers[j], spaces: spaces.count, viewSpace: viewSpace, partitions: P,
                                assignments: spine.assignments, folder: folder, budget: budget, meter: meter)
            Trace.mark("assembled \(output.path)")
        }
        return Outcome(rows: rows, headers: headers, cells: cells, emptyKeyRows: emptyKeys, inputs: records, partitions: P)
    }

    /// What one partition adds to the run's figures.
    struct PartOutcome {
        /// Per output: per view of the partition's key space, its covered and total cells.
        var cells: [[(view: Int, cells: (covered: Int, total: Int))]]
        var emptyKeyRows: [String: Int]
        /// Per output: its header.
        var headers: [[String]]
    }

    /// Joins partition `part` of key space `space`: parses its files, computes the views
    /// of the space and writes, per output, its run file of formatted fragments.
    static func joinPartition(space k: Int, part p: Int, spec: Spec, spinePath: String, outputs: [Output], viewSpace: [Int], viewGroup: [Int],
                              groupHeaders: [[String]], keepBySource: [String: Set<String>?], folder: SpillFolder,
                              partition: ((LoadedInputs, [Int], Compute) throws(VantageError) -> Void)?) throws(VantageError) -> PartOutcome {
        let mine = spec.views.indices.filter { viewSpace[$0] == k }
        let spineFile = folder.file("s\(k)-\(p)")
        // Only the first space's runs carry the spine's own fields.
        let spineKeep = k == 0 ? nil : Set(spec.views.flatMap(\.spineKeys) + [spec.spine.time] + (spec.spine.label.map { [$0] } ?? []))
        let spineTable = try partTable(spineFile, shownAs: spinePath, keep: spineKeep, isSpine: true)
        var mini = spec
        mini.spine.source = .csv(path: spineFile + ".csv")
        var preloaded = [spineFile + ".csv": spineTable.table]
        for (i, v) in spec.views.enumerated() {
            let g = viewGroup[i]
            guard case let .csv(src) = v.source else { continue }
            let name = folder.file("g\(g)-\(p)")
            mini.views[i].source = .csv(path: name + ".csv")
            if preloaded[name + ".csv"] != nil { continue }
            if mine.contains(where: { viewGroup[$0] == g }) {
                preloaded[name + ".csv"] = try partTable(name, shownAs: src, keep: keepBySource[src] ?? nil, isSpine: false).table
            } else {
                preloaded[name + ".csv"] = emptyTable(src, header: groupHeaders[g], keep: keepBySource[src] ?? nil)
            }
        }
        Trace.mark("partition \(p) of space \(k): files parsed")
        let inputs: LoadedInputs
        do {
            inputs = try Loader.load(mini, options: .init(preloaded: preloaded))
        } catch {
            throw error.replacingPath(folder.path, with: spinePath)
        }
        preloaded = [:]
        let engine = PointInTimeEngine(inputs: inputs)
        var cache = [String: ViewOutput]()
        let compute: Compute = { i, level in
            let key = "\(i) \(level.name)"
            if let o = cache[key] { return o }
            let o = engine.compute(view: i, level: level)
            cache[key] = o
            return o
        }
        var outcome = PartOutcome(cells: [], emptyKeyRows: [:], headers: [])
        for i in mine { outcome.emptyKeyRows[spec.views[i].name, default: 0] += inputs.emptyKeyRows[spec.views[i].name] ?? 0 }
        for (j, output) in outputs.enumerated() {
            let views = mine.map { compute($0, output.levels[$0]) }
            outcome.cells.append(mine.enumerated().map { n, i in (i, (views[n].coveredCells, views[n].totalCells)) })
            var header = inputs.spine.header
            for v in spec.views { header += v.outputColumns + (output.withAge ? ["\(v.name)__age_s"] : []) }
            outcome.headers.append(header)
            try writeRun(folder.file("r\(j)-\(k)-\(p)"), folder: folder, spine: k == 0 ? inputs.spine : nil,
                         outputs: views, ages: output.withAge ? inputs.spineTimes : nil, rowNumbers: spineTable.rows)
        }
        Trace.mark("partition \(p) of space \(k): runs written")
        try partition?(inputs, mine, compute)
        // The spine's partition files serve this partition only.
        unlink(spineFile + ".csv")
        unlink(spineFile + ".meta")
        return outcome
    }

    static func fileSize(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    /// The distinct key spaces (`spine_keys`) of the views.
    static func spaceCount(_ spec: Spec) -> Int {
        max(1, Set(spec.views.map(\.spineKeys)).count)
    }

    /// A partition file parsed, its rows carrying their original file name and lines.
    static func partTable(_ base: String, shownAs: String, keep: Set<String>?, isSpine: Bool) throws(VantageError) -> (table: CSVTable, rows: [Int64]) {
        let t = try CSVReader.parse(try FileBytes.read(path: base + ".csv"), file: shownAs, keep: keep)
        let meta = try FileBytes.read(path: base + ".meta")
        let width = isSpine ? 12 : 4
        var lines = [Int32](), rows = [Int64]()
        lines.reserveCapacity(t.rowCount)
        meta.withUnsafeBytes { m in
            for r in 0..<t.rowCount {
                if isSpine { rows.append(m.loadUnaligned(fromByteOffset: r * width, as: Int64.self)) }
                lines.append(m.loadUnaligned(fromByteOffset: r * width + (isSpine ? 8 : 0), as: Int32.self))
            }
        }
        return (CSVTable(file: shownAs, header: t.header, columns: t.columns, rowCount: t.rowCount, recordLines: lines), rows)
    }

    /// A table with `header` and no rows (a view of another key space in a partition's run).
    static func emptyTable(_ file: String, header: [String], keep: Set<String>?) -> CSVTable {
        var cols = [Int: TextColumn]()
        for (i, h) in header.enumerated() where keep == nil || keep!.contains(h) { cols[i] = TextColumn() }
        return CSVTable(file: file, header: header, columns: cols, rowCount: 0, recordLines: nil)
    }

    /// Writes one partition's formatted fragments, row by row, with their row numbers.
    static func writeRun(_ path: String, folder: SpillFolder, spine: CSVTable?, outputs: [ViewOutput], ages times: [Int64]?,
                         rowNumbers: [Int64]) throws(VantageError) {
        let w = try SpillWriter(path, folder: folder)
        var sources = [CellSources]()
        var kept: [Any] = []
        if let spine {
            let cols = (0..<spine.header.count).map { spine.columns[$0] ?? TextColumn() }
            kept.append(cols)
            sources.append(CellSources(spine: cols, features: []))
        }
        for o in outputs {
            let features = TrainingSet(spine: CSVTable(file: "", header: [], columns: [:], rowCount: 0, recordLines: nil), views: [o],
                                       ages: times.map { [o.ageColumn(times: $0)] }).featureColumns
            kept.append(features)
            sources.append(CellSources(spine: [], features: features))
        }
        var scratch = ByteSink(capacity: 1 << 12)
        defer { scratch.free() }
        try withExtendedLifetime(kept) { () throws(VantageError) in
            for (r, row) in rowNumbers.enumerated() {
                try w.append { s in withUnsafeBytes(of: row) { s.bytes($0.baseAddress!.assumingMemoryBound(to: UInt8.self), 8) } }
                for src in sources {
                    scratch.clear()
                    src.formatRow(r, into: &scratch)
                    let n = UInt32(scratch.count)
                    try w.append { s in
                        withUnsafeBytes(of: n) { s.bytes($0.baseAddress!.assumingMemoryBound(to: UInt8.self), 4) }
                        s.bytes(scratch.base, scratch.count)
                    }
                }
            }
        }
        try w.close()
    }

    /// Writes the header and every row in spine order from the runs; returns the row count.
    static func assemble(out: String, run j: Int, header: [String], spaces: Int, viewSpace: [Int], partitions P: Int, assignments: [[UInt16]],
                         folder: SpillFolder, budget: MemoryBudget,
                         meter: SpillProgress) throws(VantageError) -> Int {
        let file = try AtomicFile(path: out)
        let shown = URL(fileURLWithPath: out).lastPathComponent
        var head = CSVBuffer(capacity: 4096)
        head.record(header)
        try file.write(head.bytes)
        let capacity = max(1 << 14, min(1 << 18, budget.bytes / 8 / max(1, P * spaces)))
        var readers = [[SpillReader]]()
        for k in 0..<spaces {
            var rs = [SpillReader]()
            for p in 0..<P { rs.append(try SpillReader(folder.file("r\(j)-\(k)-\(p)"), capacity: capacity)) }
            readers.append(rs)
        }
        // Per space, the views it holds, in spec order.
        let viewsOf = (0..<spaces).map { k in viewSpace.indices.filter { viewSpace[$0] == k } }
        var out = ByteSink(capacity: 1 << 21)
        defer { out.free() }
        var scratch = (0..<spaces).map { _ in ByteSink(capacity: 1 << 12) }
        defer { for s in scratch { s.free() } }
        var ranges = [(space: Int, start: Int, count: Int)](repeating: (0, 0, 0), count: viewSpace.count)
        var spineRange = (start: 0, count: 0)
        let rows = assignments.first?.count ?? 0
        for r in 0..<rows {
            for k in 0..<spaces {
                let reader = readers[k][Int(assignments[k][r])]
                let n = try reader.int64()
                guard n == Int64(r) else { throw .io(path: folder.path, message: "spill run out of order at row \(r)") }
                scratch[k].clear()
                if k == 0 {
                    let len = Int(try reader.uint32())
                    try reader.copy(len, into: &scratch[k])
                    spineRange = (0, len)
                }
                for i in viewsOf[k] {
                    let len = Int(try reader.uint32())
                    let start = scratch[k].count
                    try reader.copy(len, into: &scratch[k])
                    ranges[i] = (k, start, len)
                }
            }
            out.bytes(scratch[0].base + spineRange.start, spineRange.count)
            for (space, start, count) in ranges {
                out.byte(44)
                out.bytes(scratch[space].base + start, count)
            }
            out.byte(13)
            out.byte(10)
            if out.count >= 1 << 20 {
                try file.write(UnsafeRawBufferPointer(start: out.base, count: out.count))
                out.clear()
                try Cancellation.check()
                meter.writing(shown, rows: r + 1, of: rows)
            }
        }
        try file.write(UnsafeRawBufferPointer(start: out.base, count: out.count))
        try Cancellation.check()
        try file.commit()
        readers = []
        for k in 0..<spaces { for p in 0..<P { unlink(folder.file("r\(j)-\(k)-\(p)")) } }
        return rows
    }
}
