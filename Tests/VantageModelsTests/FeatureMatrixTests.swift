// FeatureMatrix and FeatureRows.
// Covers: construction from columns and rows; shape errors (name/column count, ragged
// columns, duplicate names, ragged rows); views by index arrays and ranges, nested
// views, out-of-range indices; the trailing hold-out split.
import Testing
@testable import VantageModels

@Suite("FeatureMatrix")
struct FeatureMatrixTests {
    @Test func constructionAndAccess() throws {
        let m = try FeatureMatrix(featureNames: ["a", "b"], rows: [[1, 2], [3, .nan], [5, 6]])
        #expect(m.rowCount == 3 && m.featureCount == 2)
        #expect(m.columns[0] == [1, 3, 5] && m.columns[1][0] == 2 && m.columns[1][2] == 6)
        #expect(m[2, 0] == 5 && m[1, 1].isNaN)
        #expect(m.featureIndex(named: "b") == 1 && m.featureIndex(named: "c") == nil)
    }

    @Test func shapeErrors() {
        #expect(throws: ModelError.shape("2 feature names but 1 columns")) {
            try FeatureMatrix(featureNames: ["a", "b"], columns: [[1]])
        }
        #expect(throws: ModelError.shape("column 'b' has 1 rows, expected 2")) {
            try FeatureMatrix(featureNames: ["a", "b"], columns: [[1, 2], [1]])
        }
        #expect(throws: ModelError.shape("feature name 'a' appears more than once")) {
            try FeatureMatrix(featureNames: ["a", "a"], columns: [[1], [2]])
        }
        #expect(throws: ModelError.shape("row 1 has 1 values, expected 2")) {
            try FeatureMatrix(featureNames: ["a", "b"], rows: [[1, 2], [3]])
        }
    }

    @Test func rowViews() throws {
        let m = try FeatureMatrix(featureNames: ["a"], columns: [[10, 11, 12, 13, 14]])
        let view = try m.rows([4, 0, 0])
        #expect(view.count == 3 && view[0, 0] == 14 && view[2, 0] == 10)
        let nested = try view.rows([0, 2])
        #expect(nested.indices == [4, 0])
        #expect(try m.rows(1..<3).indices == [1, 2])
        #expect(m.allRows.indices == [0, 1, 2, 3, 4])
        #expect(try view.gather([0, 1, 2, 3, 4]) == [4, 0, 0])
        #expect(throws: ModelError.lengthMismatch(what: "values to gather", expected: 5, got: 1)) { try view.gather([0]) }
        #expect(throws: ModelError.rowOutOfRange(index: 5, rowCount: 5)) { try m.rows([5]) }
        #expect(throws: ModelError.rowOutOfRange(index: 3, rowCount: 3)) { try view.rows([3]) }
        #expect(throws: ModelError.rowOutOfRange(index: 5, rowCount: 5)) { try m.rows(2..<6) }
    }

    @Test func trailingSplit() throws {
        let m = try FeatureMatrix(featureNames: ["a"], columns: [Array(repeating: 0, count: 10)])
        let rows = m.allRows
        #expect(rows.splitTail(fraction: 0.1) == (0..<9, 9..<10))
        #expect(rows.splitTail(fraction: 0.25) == (0..<8, 8..<10))
        #expect(rows.splitTail(fraction: 0.01) == (0..<9, 9..<10))  // at least one row
        #expect(rows.splitTail(fraction: 0) == (0..<10, 10..<10))
    }
}
