import VantageCore

/// Out-of-time evaluation: train on rows with `t < split`, test on `t ≥ split + gap`
/// (the gap keeps labels that mature late out of training). With `k` folds, the test
/// period `[split, last t]` is cut into `k` equal spans, each fold training on everything
/// before its span (walk-forward, expanding window).
struct TimeSplit {
    struct Fold {
        let trainEnd: Int64
        let testStart: Int64
        let testEnd: Int64
        /// Row indices, training rows in time order.
        let train: [Int]
        let test: [Int]
    }

    let split: Int64
    let gap: Duration
    let folds: [Fold]

    /// The default split: the 80th percentile of event time over rows with a label.
    static func defaultSplit(times: [Int64], usable: [Bool]) -> Int64 {
        var ts = zip(times, usable).filter { $0.1 }.map { $0.0 }
        guard !ts.isEmpty else { return 0 }
        ts.sort()
        return ts[min(ts.count - 1, Int(Double(ts.count) * 0.8))]
    }

    init(times: [Int64], usable: [Bool], split: Int64, gap: Duration, folds k: Int) throws(VantageError) {
        self.split = split
        self.gap = gap
        let rows = (0..<times.count).filter { usable[$0] }
        let last = rows.map { times[$0] }.max() ?? split
        let span = max(1, last + 1 - split)
        var folds = [Fold]()
        for i in 0..<max(1, k) {
            let start = split + Self.share(span, i, k)
            let end = i == k - 1 ? last + 1 : split + Self.share(span, i + 1, k)
            let testStart = Self.add(gap, to: start)
            var train = rows.filter { times[$0] < start }
            train.sort { times[$0] < times[$1] || (times[$0] == times[$1] && $0 < $1) }
            let test = rows.filter { times[$0] >= testStart && times[$0] < end }
            guard !train.isEmpty else {
                throw .usage("no training rows before \(Timestamp.format(start)): choose a later --split")
            }
            guard !test.isEmpty else {
                throw .usage("no test rows from \(Timestamp.format(testStart)) to \(Timestamp.format(end)): choose an earlier --split, a shorter --gap or fewer --folds")
            }
            // The guarantee the whole comparison rests on: no test-period row in training.
            precondition(train.allSatisfy { times[$0] < start } && test.allSatisfy { times[$0] >= testStart })
            folds.append(Fold(trainEnd: start, testStart: testStart, testEnd: end, train: train, test: test))
        }
        self.folds = folds
    }

    /// `span · i / k` without overflowing for long spans.
    static func share(_ span: Int64, _ i: Int, _ k: Int) -> Int64 {
        let k = Int64(max(1, k)), i = Int64(i)
        return span / k * i + span % k * i / k
    }

    static func add(_ d: Duration, to t: Int64) -> Int64 {
        switch d.length {
        case let .micros(v): return t + v
        case let .months(n): return MonthArithmetic.addMonths(n, to: t)
        }
    }

    /// Test rows of every fold, in fold order (the pooled evaluation set).
    var pooledTest: [Int] { folds.flatMap(\.test) }
}
