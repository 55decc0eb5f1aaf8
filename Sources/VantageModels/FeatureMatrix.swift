/// A dense table of numeric features, stored column by column.
///
/// Why column-major: every model here reads one feature across many rows at a time
/// (binning, standardising, histogram building), so a contiguous `[Double]` per feature
/// is the cache-friendly layout and lets the caller hand over columns it already has
/// without a transpose.
///
/// Missing values are `Double.nan`; there is no separate validity bitmap, because the
/// models treat "missing" as a value of its own (a bin for trees, mean plus an indicator
/// column for linear models). Infinite values are kept as they are.
///
/// A `FeatureMatrix` never copies to select rows: `rows(_:)` returns a `FeatureRows`
/// view holding the matrix and an index array.
public struct FeatureMatrix: Sendable {
    /// One name per feature, in column order. Names are unique.
    public let featureNames: [String]
    /// The columns, `columns[feature][row]`; all have `rowCount` elements.
    public let columns: [[Double]]
    /// The number of rows (0 if there are no features).
    public let rowCount: Int

    /// Creates a matrix from named columns.
    ///
    /// - Throws: `ModelError.shape` when names and columns disagree in count, when
    ///   columns differ in length, or when a name repeats.
    public init(featureNames: [String], columns: [[Double]]) throws(ModelError) {
        guard featureNames.count == columns.count else {
            throw .shape("\(featureNames.count) feature names but \(columns.count) columns")
        }
        var seen = Set<String>()
        for name in featureNames where !seen.insert(name).inserted {
            throw .shape("feature name '\(name)' appears more than once")
        }
        let rowCount = columns.first?.count ?? 0
        for (name, column) in zip(featureNames, columns) where column.count != rowCount {
            throw .shape("column '\(name)' has \(column.count) rows, expected \(rowCount)")
        }
        self.featureNames = featureNames
        self.columns = columns
        self.rowCount = rowCount
    }

    /// Creates a matrix from rows (`rows[row][feature]`); convenient for tests and small inputs.
    ///
    /// - Complexity: O(rows × features), one transpose.
    public init(featureNames: [String], rows: [[Double]]) throws(ModelError) {
        var columns = [[Double]](repeating: [], count: featureNames.count)
        for feature in columns.indices { columns[feature].reserveCapacity(rows.count) }
        for (index, row) in rows.enumerated() {
            guard row.count == featureNames.count else {
                throw .shape("row \(index) has \(row.count) values, expected \(featureNames.count)")
            }
            for feature in columns.indices { columns[feature].append(row[feature]) }
        }
        try self.init(featureNames: featureNames, columns: columns)
    }

    /// The number of features (columns).
    public var featureCount: Int { columns.count }

    /// The value of `feature` at `row` (`NaN` = missing).
    public subscript(row: Int, feature: Int) -> Double { columns[feature][row] }

    /// The index of the feature called `name`, if any.
    public func featureIndex(named name: String) -> Int? { featureNames.firstIndex(of: name) }

    /// A view of every row, in order.
    public var allRows: FeatureRows { FeatureRows(_unchecked: self, indices: Array(0..<rowCount)) }

    /// A view of the rows at `indices` (in that order; repeats allowed).
    ///
    /// - Throws: `ModelError.rowOutOfRange` for an index outside `0..<rowCount`.
    /// - Complexity: O(indices.count) to validate; no values are copied.
    public func rows(_ indices: [Int]) throws(ModelError) -> FeatureRows {
        for index in indices where index < 0 || index >= rowCount {
            throw .rowOutOfRange(index: index, rowCount: rowCount)
        }
        return FeatureRows(_unchecked: self, indices: indices)
    }

    /// A view of a contiguous range of rows.
    ///
    /// - Throws: `ModelError.rowOutOfRange` when the range leaves `0..<rowCount`.
    public func rows(_ range: Range<Int>) throws(ModelError) -> FeatureRows {
        if range.lowerBound < 0 { throw .rowOutOfRange(index: range.lowerBound, rowCount: rowCount) }
        if range.upperBound > rowCount { throw .rowOutOfRange(index: range.upperBound - 1, rowCount: rowCount) }
        return FeatureRows(_unchecked: self, indices: Array(range))
    }
}
