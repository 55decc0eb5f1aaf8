import Foundation

/// A join whose inputs do not fit the memory budget, computed partition by partition
/// with outputs byte for byte those of the in-memory path.
///
/// Design. A view's value for a spine row depends only on the rows of that view whose
/// key equals the spine row's key in the view's *key space* (the spine columns it
/// matches, `spine_keys`). Views may use different key spaces, so one partitioning of
/// the spine cannot serve them all; instead:
///
/// 1. Partition pass (streamed in bounded chunks, `SpillPartitioner`): each chunk is
///    scanned in pieces on all cores (`ScannedPiece`); only the key fields of a record
///    are located and hashed (`RawRecordScanner`, `KeyHash`), and the record goes to one
///    of `P` partition files. A partition keeps file order. Each view source is split
///    by the hash of the view's own key columns (equal keys hash equally on both
///    sides), once per (source, key columns), records copied as read, each with its
///    physical line in a side file. The spine is split once per distinct key space, and
///    those copies hold only what the join reads, as rows rather than CSV (`SpineRows`:
///    the time, parsed once here, where a bad one is reported as the in-memory path
///    reports it, and that space's keys; no lines); the partition of every spine row in
///    every space is kept in memory (2 bytes a row), which also counts each partition's
///    rows.
/// 2. Per key space and partition: the partition files are parsed and handed to the
///    ordinary `Loader` and `PointInTimeEngine` (every view of the spec is present, the
///    views of other spaces with no rows, so messages name the same spec paths, files
///    and lines), and the views of that space are computed and formatted, per spine row
///    of the partition in file order, into a run file of length-prefixed CSV fragments.
/// 3. Assembly: the spine's records are read again from its file (`SpineRecordReader`,
///    which also checks the file is the one the partition pass read), and for row 0, 1,
///    2, ... the recorded partition of the row in each space names the run holding its
///    next fragments (a k-way merge whose order is known): the row is written as the
///    spine's record then every view's fragment in spec order.
///
/// Why the spine is not copied whole: it is usually the largest input, it would be
/// written once per key space and parsed again in every partition, and the in-memory
/// path already reads it twice the same way.
///
/// Why partitions rather than one pass over inputs in time order (per key only the best
/// row so far): such a pass was built and measured (Benchmarks/RESULTS.md, seventh
/// session). Its hash probes into tables of millions of keys miss the cache on every
/// row, and at 100M events it cost more CPU than this join's extra I/O.
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
        // Partitions reuse each other's memory (`keepFreedMemory`); blocks past a
        // gigabyte are still mapped and returned one by one.
        keepFreedMemory(upTo: 1 << 30)
        let bytes = inputBytes(spec) ?? 0
        // At most: the spine once per key space (its copies keep only some fields), the
        // views once, then the runs (each view's fields per spine row).
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
        // The spine's copies hold only what the join reads of it: the assembly reads its
        // records again from the file.
        // Per key space: its keys and the time, parsed (`SpineRows`; another space's
        // keys are empty there, and its views have no rows).
        let spineTargets = spaces.indices.map { k in
            SpillPartitioner.Target(keys: spaces[k], files: (0..<P).map { (folder.file("s\(k)-\($0).rows"), nil) },
                                    recordAssignment: true, time: (spec.spine.time, spec.spine.timeFormat))
        }
        let spine = try SpillPartitioner.run(path: spinePath, keep: keepBySource[spinePath] ?? nil, targets: spineTargets,
                                             partitions: P, chunkBytes: chunkBytes, folder: folder, streamHash: !outputs.isEmpty,
                                             progress: meter.partitioning(spinePath))
        Trace.mark("spine partitioned")
        var groupHeaders = [[String]]()
        var records = [spine.record]
        records[0].role = "spine"
        for (g, group) in groups.enumerated() {
            let target = SpillPartitioner.Target(keys: group.keys, files: (0..<P).map { (folder.file("g\(g)-\($0).csv"), folder.file("g\(g)-\($0).meta")) },
                                                 recordAssignment: false)
            // A view's file read for the last time leaves the page cache as it is read,
            // keeping room for the spine's pages and the spill files (`ReadAhead.init`).
            let lastRead = group.path != spinePath && !groups[(g + 1)...].contains { $0.path == group.path }
            let r = try SpillPartitioner.run(path: group.path, keep: keepBySource[group.path] ?? nil, targets: [target],
                                             partitions: P, chunkBytes: chunkBytes, folder: folder, dropPagesBehind: lastRead,
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
        // The spine's rows per key space and partition (its copies have no side files).
        var spineRows = [[Int]](repeating: [Int](repeating: 0, count: P), count: spaces.count)
        for k in spaces.indices { for p in spine.assignments[k] { spineRows[k][Int(p)] += 1 } }
        let taskBytes = tasks.map { t in
            fileSize(folder.file("s\(t.space)-\(t.part).rows"))
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
            return try joinPartition(space: tasks[t].space, part: tasks[t].part, spineRows: spineRows[tasks[t].space][tasks[t].part],
                                     spec: spec, spinePath: spinePath, spineHeader: spine.header,
                                     spaceKeys: spaces[tasks[t].space], outputs: outputs,
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
            let records = SpineRecordSource(path: spinePath, streamHash: spine.streamHash ?? 0, records: spine.record.rows,
                                            width: spine.header.count, skipped: [], dropPagesBehind: j == outputs.count - 1)
            rows = try assemble(out: output.path, run: j, header: headers[j], spine: records, spaces: spaces.count, viewSpace: viewSpace,
                                partitions: P, assignments: spine.assignments, folder: folder, budget: budget, meter: meter)
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
    static func joinPartition(space k: Int, part p: Int, spineRows: Int, spec: Spec, spinePath: String, spineHeader: [String], spaceKeys: [String],
                              outputs: [Output], viewSpace: [Int], viewGroup: [Int],
                              groupHeaders: [[String]], keepBySource: [String: Set<String>?], folder: SpillFolder,
                              partition: ((LoadedInputs, [Int], Compute) throws(VantageError) -> Void)?) throws(VantageError) -> PartOutcome {
        let mine = spec.views.indices.filter { viewSpace[$0] == k }
        let spineFile = folder.file("s\(k)-\(p)")
        // The spine as the join reads it: this space's keys, the other key columns empty,
        // the time parsed.
        let header = spineHeader
        guard let time = header.firstIndex(of: spec.spine.time) else { throw .usage("no spine time column (internal)") }
        let own = spaceKeys.compactMap { header.firstIndex(of: $0) }
        let others = (spec.views.flatMap(\.spineKeys) + spec.spine.keys).compactMap { header.firstIndex(of: $0) }.filter { !own.contains($0) }
        let spineTable = try SpineRows.table(spineFile, rows: spineRows, shownAs: spinePath, header: header, time: time, format: spec.spine.timeFormat,
                                             keys: own, empty: others)
        var mini = spec
        mini.spine.source = .csv(path: spineFile + ".csv")
        var preloaded = [spineFile + ".csv": spineTable]
        for (i, v) in spec.views.enumerated() {
            let g = viewGroup[i]
            guard case let .csv(src) = v.source else { continue }
            let name = folder.file("g\(g)-\(p)")
            mini.views[i].source = .csv(path: name + ".csv")
            if preloaded[name + ".csv"] != nil { continue }
            if mine.contains(where: { viewGroup[$0] == g }) {
                preloaded[name + ".csv"] = try partTable(name, shownAs: src, keep: keepBySource[src] ?? nil)
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
            try writeRun(folder.file("r\(j)-\(k)-\(p)"), folder: folder, rows: spineTable.rowCount, outputs: views,
                         ages: output.withAge ? inputs.spineTimes : nil)
        }
        Trace.mark("partition \(p) of space \(k): runs written")
        try partition?(inputs, mine, compute)
        // The spine's partition files serve this partition only, and so do those of a
        // view group whose views are all of this key space: gone now, their pages leave
        // the page cache, which at 100M events is otherwise full and must be reclaimed.
        unlink(spineFile + ".rows")
        for g in Set(mine.map { viewGroup[$0] }) where viewGroup.indices.allSatisfy({ viewGroup[$0] != g || viewSpace[$0] == k }) {
            unlink(folder.file("g\(g)-\(p).csv"))
            unlink(folder.file("g\(g)-\(p).meta"))
        }
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
    static func partTable(_ base: String, shownAs: String, keep: Set<String>?) throws(VantageError) -> CSVTable {
        let t = try FileBytes.withMapped(path: base + ".csv") { buf throws(VantageError) in try CSVReader.parse(buffer: buf, file: shownAs, keep: keep) }
        let meta = try FileBytes.read(path: base + ".meta")
        guard meta.count == t.rowCount * 4 else { throw .io(path: base + ".meta", message: "spill file does not match its partition") }
        let lines = meta.withUnsafeBytes { m in (0..<t.rowCount).map { Int32(littleEndian: m.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)) } }
        return CSVTable(file: shownAs, header: t.header, columns: t.columns, rowCount: t.rowCount, recordLines: lines)
    }

    /// A table with `header` and no rows (a view of another key space in a partition's run).
    static func emptyTable(_ file: String, header: [String], keep: Set<String>?) -> CSVTable {
        var cols = [Int: TextColumn]()
        for (i, h) in header.enumerated() where keep == nil || keep!.contains(h) { cols[i] = TextColumn() }
        return CSVTable(file: file, header: header, columns: cols, rowCount: 0, recordLines: nil)
    }

    /// Writes one partition's formatted fragments, row by row in the partition's (the
    /// file's) order, each view's as its length then its bytes.
    static func writeRun(_ path: String, folder: SpillFolder, rows: Int, outputs: [ViewOutput], ages times: [Int64]?) throws(VantageError) {
        let w = try SpillWriter(path, folder: folder)
        var sources = [CellSources]()
        var kept: [Any] = []
        for o in outputs {
            let features = TrainingSet(spine: CSVTable(file: "", header: [], columns: [:], rowCount: 0, recordLines: nil), views: [o],
                                       ages: times.map { [o.ageColumn(times: $0)] }).featureColumns
            kept.append(features)
            sources.append(CellSources(spine: [], features: features))
        }
        // Rows in batches, each view's fields asked for ahead as the in-memory writer
        // asks (`CellSources.prefetch`): a view's picked rows are random rows of its
        // columns, and formatting them waited on memory for every field.
        try withExtendedLifetime(kept) { () throws(VantageError) in
            try sources.withUnsafeBufferPointer { sources throws(VantageError) in
                var r = 0
                while r < rows {
                    let end = min(rows, r + 1024)
                    try w.append { s in
                        while r < end {
                            for src in sources {
                                src.prefetch(ahead: r, end: rows)
                                // The length goes in front, once the fragment is formatted.
                                let at = s.count
                                s.byte(0)
                                src.formatRow(r, into: &s)
                                s.finishShortLength(at: at)
                            }
                            r += 1
                        }
                    }
                }
            }
        }
        try w.close()
    }
}
