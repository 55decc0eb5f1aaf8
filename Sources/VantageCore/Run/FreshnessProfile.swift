/// What a freshness level costs a view: how many rows still get a value, how old the
/// values actually used are (`t - τ`), and how many rows changed against real time.
public struct FreshnessProfile: Codable, Sendable, Equatable {
    public struct Age: Codable, Sendable, Equatable {
        public var min: Double
        public var p50: Double
        public var p90: Double
        public var p99: Double
        public var max: Double

        public init(min: Double, p50: Double, p90: Double, p99: Double, max: Double) {
            self.min = min
            self.p50 = p50
            self.p90 = p90
            self.p99 = p99
            self.max = max
        }
    }

    public var view: String
    public var level: String
    /// Share of non-empty windows: of the (aggregation × window) cells of the view's
    /// columns over all rows, those whose window held an event (aggregates); for a lookup,
    /// the share of rows with a value. Kept under its first name for older readers.
    public var coverage: Double
    /// Share of rows with any value: rows where at least one of the view's columns holds
    /// a value (a count above 0, or a non-empty cell). Nil in profiles written before it.
    public var coverageRows: Double?
    /// Per output column (one aggregation × window, or one lookup feature): the share of
    /// rows where it holds a value.
    public var columnCoverage: [String: Double]?
    /// Age in seconds of the values used; nil when no row has one.
    public var ageSeconds: Age?
    /// Rows where any of the view's columns differs from the realtime level.
    public var changedVsRealtime: Int

    public init(view: String, level: String, coverage: Double, ageSeconds: Age?, changedVsRealtime: Int) {
        self.view = view
        self.level = level
        self.coverage = coverage
        self.ageSeconds = ageSeconds
        self.changedVsRealtime = changedVsRealtime
    }

    enum CodingKeys: String, CodingKey {
        case view, level, coverage
        case ageSeconds = "age_seconds"
        case changedVsRealtime = "changed_vs_realtime"
        case coverageRows = "coverage_rows"
        case columnCoverage = "column_coverage"
    }

    /// The share of non-empty windows, under the name the report shows.
    public var coverageWindows: Double { coverage }

    public static func compute(_ output: ViewOutput, times: [Int64], realtime: ViewOutput?) -> FreshnessProfile {
        var part = Part()
        part.add(output, times: times, realtime: realtime)
        return part.profile(view: output.view.name, level: output.level.name)
    }

    /// The figures of a profile gathered over parts of the spine (a spilled sweep's
    /// partitions), combined exactly: the ages themselves are kept, so the percentiles
    /// are those of the whole spine.
    public struct Part: Sendable {
        var ages = [Int64]()
        var covered = 0, total = 0, changed = 0
        var comparedToRealtime = false
        /// Rows seen, rows with any value, and rows with a value per output column.
        var rows = 0, rowsWithAny = 0
        var columnRows = [String: Int]()

        public init() {}

        /// Adds the rows of `output` (spine times `times`), compared with `realtime`.
        public mutating func add(_ output: ViewOutput, times: [Int64], realtime: ViewOutput?) {
            ages.reserveCapacity(ages.count + times.count)
            let used = output.usedTau
            for r in 0..<times.count where used[r] != .min { ages.append(times[r] &- used[r]) }
            if let realtime {
                for r in 0..<times.count {
                    for (a, b) in zip(output.columns, realtime.columns) where !a.sameCell(b, r) {
                        changed += 1
                        break
                    }
                }
            }
            covered += output.coveredCells
            total += output.totalCells
            var anyValue = [Bool](repeating: false, count: times.count)
            for (name, column) in zip(output.view.outputColumns, output.columns) {
                var n = 0
                for r in 0..<times.count where column.hasValue(r) {
                    n += 1
                    anyValue[r] = true
                }
                columnRows[name, default: 0] += n
            }
            rows += times.count
            rowsWithAny += anyValue.filter { $0 }.count
        }

        public func profile(view: String, level: String) -> FreshnessProfile {
            var ages = self.ages
            var age: Age?
            if !ages.isEmpty {
                // Nearest-rank percentiles (always a value that occurred), by selection
                // rather than a full sort: a sweep profiles every view at every level.
                let n = ages.count
                func rank(_ p: Double) -> Int { Swift.min(n, Swift.max(1, Int((p * Double(n)).rounded(.up)))) - 1 }
                let r50 = rank(0.5), r90 = rank(0.9), r99 = rank(0.99)
                let lo = ages.min() ?? 0, hi = ages.max() ?? 0
                ages.withUnsafeMutableBufferPointer { b in
                    Selection.select(b, r50, in: 0..<n)
                    Selection.select(b, r90, in: r50..<n)
                    Selection.select(b, r99, in: r90..<n)
                }
                age = Age(min: Double(lo) / 1e6, p50: Double(ages[r50]) / 1e6, p90: Double(ages[r90]) / 1e6,
                          p99: Double(ages[r99]) / 1e6, max: Double(hi) / 1e6)
            }
            let coverage = total == 0 ? 0 : Double(covered) / Double(total)
            var profile = FreshnessProfile(view: view, level: level, coverage: coverage, ageSeconds: age, changedVsRealtime: changed)
            profile.coverageRows = rows == 0 ? 0 : Double(rowsWithAny) / Double(rows)
            profile.columnCoverage = columnRows.mapValues { rows == 0 ? 0 : Double($0) / Double(rows) }
            return profile
        }
    }
}

extension FeatureColumn {
    /// Whether row `r` holds a value: a count above 0 (an empty window counts 0), or a
    /// non-empty cell.
    public func hasValue(_ r: Int) -> Bool {
        switch self {
        case let .integers(v): return v[r] > 0
        default: return !isNull(r)
        }
    }

    /// Whether row `r` holds the same value in both columns (null equals null).
    public func sameCell(_ other: FeatureColumn, _ r: Int) -> Bool {
        switch (self, other) {
        case let (.integers(a), .integers(b)): return a[r] == b[r]
        case let (.reals(a), .reals(b)): return a[r].bitPattern == b[r].bitPattern || (a[r].isNaN && b[r].isNaN)
        case let (.text(sa, ra), .text(sb, rb)):
            let ia = Int(ra[r]), ib = Int(rb[r])
            if ia == ib { return true }
            let na = ia < 0 || sa.isNull(ia), nb = ib < 0 || sb.isNull(ib)
            if na || nb { return na == nb }
            return sa.withField(ia) { fa in sb.withField(ib) { fb in fa.elementsEqual(fb) } }
        default: return false
        }
    }
}

/// Quickselect (Hoare), placing the `k`-th smallest of a range at `k` with smaller values
/// before it and larger after, in expected O(n).
enum Selection {
    static func select(_ a: UnsafeMutableBufferPointer<Int64>, _ k: Int, in range: Range<Int>) {
        var lo = range.lowerBound, hi = range.upperBound - 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            // Median of three as the pivot.
            if a[mid] < a[lo] { a.swapAt(mid, lo) }
            if a[hi] < a[lo] { a.swapAt(hi, lo) }
            if a[hi] < a[mid] { a.swapAt(hi, mid) }
            let pivot = a[mid]
            var i = lo, j = hi
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j {
                hi = j
            } else if k >= i {
                lo = i
            } else {
                return
            }
        }
    }
}
