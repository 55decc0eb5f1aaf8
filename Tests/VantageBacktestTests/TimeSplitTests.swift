import Testing
@testable import VantageBacktest
@testable import VantageCore

@Suite("Out-of-time split")
struct TimeSplitTests {
    let day: Int64 = 86_400_000_000

    @Test func noTestPeriodRowReachesTraining() throws {
        let times = (0..<100).map { Int64($0) * day / 2 }
        let usable = times.map { _ in true }
        let s = try TimeSplit(times: times, usable: usable, split: 30 * day, gap: Duration(parsing: "1d")!, folds: 1)
        let f = s.folds[0]
        #expect(f.train.allSatisfy { times[$0] < 30 * day })
        #expect(f.test.allSatisfy { times[$0] >= 31 * day })
        #expect(Set(f.train).isDisjoint(with: f.test))
        // The gap's rows are in neither set.
        let gapRows = (0..<100).filter { times[$0] >= 30 * day && times[$0] < 31 * day }
        #expect(!gapRows.isEmpty && gapRows.allSatisfy { !f.train.contains($0) && !f.test.contains($0) })
        // Training rows come in time order (early stopping takes the last of them).
        #expect(zip(f.train, f.train.dropFirst()).allSatisfy { times[$0] <= times[$1] })
    }

    @Test func walkForwardFoldsExpand() throws {
        let times = (0..<300).map { Int64($0) * day / 3 }
        let s = try TimeSplit(times: times, usable: times.map { _ in true }, split: 60 * day, gap: Duration(parsing: "0")!, folds: 3)
        #expect(s.folds.count == 3)
        for (a, b) in zip(s.folds, s.folds.dropFirst()) {
            #expect(a.train.count < b.train.count)
            #expect(a.testEnd <= b.testStart)
        }
        for f in s.folds {
            #expect(f.train.allSatisfy { times[$0] < f.trainEnd })
            #expect(f.test.allSatisfy { times[$0] >= f.testStart && times[$0] < f.testEnd })
        }
        #expect(Set(s.pooledTest).count == s.pooledTest.count)
    }

    @Test func unusableRowsAreLeftOut() throws {
        let times = (0..<10).map { Int64($0) * day }
        let usable = (0..<10).map { $0 % 2 == 0 }
        let s = try TimeSplit(times: times, usable: usable, split: 5 * day, gap: Duration(parsing: "0")!, folds: 1)
        #expect(s.folds[0].train == [0, 2, 4])
        #expect(s.folds[0].test == [6, 8])
    }

    @Test func emptySidesAreUsageErrors() {
        let times = (0..<10).map { Int64($0) * day }
        #expect(throws: VantageError.self) {
            _ = try TimeSplit(times: times, usable: times.map { _ in true }, split: 0, gap: Duration(parsing: "0")!, folds: 1)
        }
        #expect(throws: VantageError.self) {
            _ = try TimeSplit(times: times, usable: times.map { _ in true }, split: 9 * day, gap: Duration(parsing: "1d")!, folds: 1)
        }
    }

    @Test func defaultSplitIsThe80thPercentile() {
        let times = (0..<100).map { Int64($0) }
        #expect(TimeSplit.defaultSplit(times: times, usable: times.map { _ in true }) == 80)
    }
}

@Suite("Feature encoding")
struct FeatureEncodingTests {
    @Test func numericnessIsDecidedOnTrainingRowsOnly() throws {
        let frame = TrainingFrame(path: "x.csv", rowCount: 4, labels: [0, 1, 0, 1], times: [1, 2, 3, 4],
                                  featureNames: ["n", "c"],
                                  columns: [.text(TextColumn(["1.5", "2", "", "oops"])), .text(TextColumn(["a", "b", "a", "z"]))],
                                  positiveValues: nil, segmentValues: nil)
        let m = try frame.matrix(encodingFrom: [0, 1, 2])
        #expect(m.columns[0][0] == 1.5 && m.columns[0][1] == 2)
        #expect(m.columns[0][2].isNaN && m.columns[0][3].isNaN)
        // Text: frequency among training rows; a value unseen in training is 0.
        let expected: [Double] = [2.0 / 3, 1.0 / 3, 2.0 / 3, 0]
        #expect(m.columns[1] == expected)
    }
}
