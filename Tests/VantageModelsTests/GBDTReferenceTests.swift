// Gradient-boosted trees against naive references, and binning.
// Covers: one leaf-wise tree (2 to 6 leaves, with missing values, λ and minDataInLeaf
// varied) against a brute-force grower that sorts raw values per leaf, on thousands of
// seeded random cases; bin boundaries (few distinct values, many values, a heavy
// value, all missing); bin and raw-value traversal reaching the same leaf.
import Foundation
import PropertyBased
import Testing
@testable import VantageModels

@Suite("GBDT: references and binning")
struct GBDTReferenceTests {
    /// Greedy leaf-wise growth on raw values with the same gain, constraints and missing
    /// handling; returns each row's prediction after one round with learning rate 1.
    static func naiveTree(
        columns: [[Double]], y: [Double], leaves maxLeaves: Int, minData: Int, lambda: Double
    ) -> [Double] {
        let n = y.count, initial = y.reduce(0, +) / Double(n)
        let g = y.map { initial - $0 }
        func score(_ rows: [Int]) -> Double {
            let s = rows.reduce(0.0) { $0 + g[$1] }
            return s * s / (Double(rows.count) + lambda)
        }
        func bestSplit(_ rows: [Int]) -> (gain: Double, left: [Int], right: [Int])? {
            var best: (gain: Double, left: [Int], right: [Int])?
            let parent = score(rows)
            for column in columns {
                let values = Set(rows.compactMap { column[$0].isNaN ? nil : column[$0] }).sorted()
                let hasMissing = rows.contains { column[$0].isNaN }
                for t in values {
                    for missingLeft in hasMissing ? [false, true] : [false] {
                        let left = rows.filter { column[$0].isNaN ? missingLeft : column[$0] <= t }
                        let right = rows.filter { !(column[$0].isNaN ? missingLeft : column[$0] <= t) }
                        guard left.count >= minData, right.count >= minData else { continue }
                        let gain = score(left) + score(right) - parent
                        if gain > (best?.gain ?? 0) { best = (gain, left, right) }
                    }
                }
            }
            return best
        }
        var leaves = [Array(0..<n)]
        while leaves.count < maxLeaves {
            let candidates = leaves.enumerated().compactMap { i, rows in bestSplit(rows).map { (i, $0) } }
            guard let chosen = candidates.max(by: { $0.1.gain < $1.1.gain }) else { break }
            leaves[chosen.0] = chosen.1.left
            leaves.append(chosen.1.right)
        }
        var prediction = [Double](repeating: initial, count: n)
        for rows in leaves {
            let value = -rows.reduce(0.0) { $0 + g[$1] } / (Double(rows.count) + lambda)
            for row in rows { prediction[row] += value }
        }
        return prediction
    }

    @Test func oneTreeMatchesBruteForce() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...1_000_000)) { seed in
            var r = SeededGenerator(seed: UInt64(seed))
            let n = 8 + r.nextInt(below: 50), features = 1 + r.nextInt(below: 3)
            let columns = (0..<features).map { f in
                (0..<n).map { _ in f == 0 && r.nextInt(below: 5) == 0 ? Double.nan : Double(r.nextInt(below: 12)) }
            }
            let y = (0..<n).map { _ in TestData.gaussian(&r) }
            let leaves = 2 + r.nextInt(below: 5), minData = 1 + r.nextInt(below: 4)
            let lambda = r.nextInt(below: 2) == 0 ? 0.0 : 1.0
            let parameters = GBDTParameters(
                objective: .regression, numRounds: 1, learningRate: 1, numLeaves: leaves, minDataInLeaf: minData,
                minSumHessianInLeaf: 0, lambdaL2: lambda, earlyStoppingRounds: 0, validationFraction: 0)
            let matrix = try TestData.matrix((0..<features).map { "f\($0)" }, columns)
            let model = try GBDTModel.fit(parameters: parameters, train: matrix.allRows, labels: y)
            let expected = Self.naiveTree(columns: columns, y: y, leaves: leaves, minData: minData, lambda: lambda)
            let predicted = try model.predict(matrix)
            for i in 0..<n { expectClose(predicted[i], expected[i], tolerance: 1e-9, "seed \(seed), row \(i)") }
        }
    }

    @Test func fewDistinctValuesGetOneBinEach() {
        let mapper = BinMapper(observedValues: [3, 1, 2, 2, 3, 3], maxBins: 255)
        #expect(mapper.upperBounds == [1.5, 2.5, .infinity])
        #expect([1.0, 1.5, 1.6, 2, 3, 100, -5].map(mapper.bin) == [0, 0, 1, 1, 2, 2, 0])
        #expect(mapper.bin(.nan) == BinMapper.missingBin)
        #expect(BinMapper(observedValues: [], maxBins: 255).binCount == 1)
    }

    @Test func manyValuesAreSpreadOverQuantileBins() {
        var g = SeededGenerator(seed: 1)
        var values = (0..<100_000).map { _ in TestData.gaussian(&g) }
        values += [Double](repeating: 0, count: 30_000)  // a heavy value takes a bin of its own
        let mapper = BinMapper(observedValues: values, maxBins: 255)
        #expect(mapper.binCount <= 255 && mapper.binCount > 200)
        var counts = [Int](repeating: 0, count: mapper.binCount)
        for v in values { counts[Int(mapper.bin(v))] += 1 }
        let zeroBin = Int(mapper.bin(0))
        #expect(counts[zeroBin] >= 30_000 && counts[zeroBin] < 31_000)
        let others = counts.enumerated().filter { $0.offset != zeroBin }.map(\.element)
        #expect(others.max() ?? 0 < 3 * (others.min() ?? 0), "\(others.min() ?? 0)…\(others.max() ?? 0)")
        for v in values.prefix(2000) {  // bin b holds (upperBounds[b−1], upperBounds[b]]
            let b = Int(mapper.bin(v))
            #expect(v <= mapper.upperBounds[b] && (b == 0 || v > mapper.upperBounds[b - 1]))
        }
        #expect(BinMapper(observedValues: values, maxBins: 16).binCount <= 16)
    }

    @Test func binAndRawTraversalAgree() throws {
        let (matrix, labels) = try TestData.logistic(rows: 3000, coefficients: [1, -1, 0.5], bias: 0, seed: 11)
        var columns = matrix.columns
        for i in stride(from: 0, to: 3000, by: 7) { columns[1][i] = .nan }
        let withMissing = try TestData.matrix(matrix.featureNames, columns)
        let model = try GBDTModel.fit(parameters: GBDTParameters(numRounds: 20, validationFraction: 0),
                                      train: withMissing.allRows, labels: labels)
        let mappers = BinMapper.fit(withMissing.allRows, maxBins: 255, seed: 0)
        let binned = BinnedMatrix(withMissing.allRows, mappers: mappers)
        binned.bins.withUnsafeBufferPointer { bins in
            for tree in model.trees {
                for row in 0..<3000 {
                    let values = (0..<3).map { columns[$0][row] }
                    let raw = values.withUnsafeBufferPointer { tree.leaf(values: $0) }
                    #expect(raw == tree.leaf(bins: bins, row: row, rowCount: 3000))
                }
            }
        }
    }
}
