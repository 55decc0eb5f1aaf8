/// A selection of rows of a `FeatureMatrix`, by index, without copying any values.
///
/// Why a view: a backtest fits and scores many folds over one matrix; each fold is
/// just an index array (training rows before a cutoff, test rows after it). Labels
/// passed alongside a view are aligned with the view's positions, not with the
/// matrix rows: `labels[i]` belongs to row `indices[i]`.
public struct FeatureRows: Sendable {
    /// The matrix the rows come from.
    public let matrix: FeatureMatrix
    /// The selected matrix rows, in view order (repeats allowed).
    public let indices: [Int]

    /// Creates a view without validating `indices`; callers guarantee they are in range.
    init(_unchecked matrix: FeatureMatrix, indices: [Int]) {
        self.matrix = matrix
        self.indices = indices
    }

    /// The number of rows in the view.
    public var count: Int { indices.count }

    /// The feature names of the underlying matrix.
    public var featureNames: [String] { matrix.featureNames }

    /// The number of features.
    public var featureCount: Int { matrix.featureCount }

    /// The value of `feature` at view position `position` (`NaN` = missing).
    public subscript(position: Int, feature: Int) -> Double {
        matrix.columns[feature][indices[position]]
    }

    /// The elements of `values` (one per matrix row) at this view's rows, in view order:
    /// labels or predictions of the whole matrix, aligned with the view.
    ///
    /// - Throws: `ModelError.lengthMismatch` unless `values` has one element per matrix row.
    public func gather(_ values: [Double]) throws(ModelError) -> [Double] {
        guard values.count == matrix.rowCount else {
            throw .lengthMismatch(what: "values to gather", expected: matrix.rowCount, got: values.count)
        }
        return indices.map { values[$0] }
    }

    /// A sub-view of the positions `positions` of this view.
    ///
    /// - Throws: `ModelError.rowOutOfRange` for a position outside `0..<count`.
    public func rows(_ positions: [Int]) throws(ModelError) -> FeatureRows {
        var selected = [Int]()
        selected.reserveCapacity(positions.count)
        for position in positions {
            guard position >= 0 && position < count else {
                throw .rowOutOfRange(index: position, rowCount: count)
            }
            selected.append(indices[position])
        }
        return FeatureRows(_unchecked: matrix, indices: selected)
    }

    /// Splits off the last `fraction` of the view (rounded down, at least one row when
    /// `fraction > 0`) as a hold-out slice.
    ///
    /// Why the tail: callers order training rows by time, so the tail is the most recent
    /// data, the honest stand-in for the future when choosing when to stop boosting.
    /// - Returns: the leading positions and the trailing positions; the trailing part is
    ///   empty when `fraction` is 0.
    func splitTail(fraction: Double) -> (head: Range<Int>, tail: Range<Int>) {
        guard fraction > 0 else { return (0..<count, count..<count) }
        let tailCount = max(1, Int((Double(count) * fraction).rounded(.down)))
        let cut = max(0, count - tailCount)
        return (0..<cut, cut..<count)
    }

    /// The view restricted to a range of its positions.
    func slice(_ positions: Range<Int>) -> FeatureRows {
        FeatureRows(_unchecked: matrix, indices: Array(indices[positions]))
    }

    /// Throws unless `names` equals this view's feature names.
    func requireFeatures(_ names: [String]) throws(ModelError) {
        guard names == featureNames else { throw .featureMismatch(expected: names, got: featureNames) }
    }
}

extension FeatureMatrix {
    /// Checks that `labels` holds one finite value per row of `rows`.
    static func validateLabels(
        _ labels: [Double], for rows: FeatureRows, binary: Bool, what: String = "labels"
    ) throws(ModelError) {
        guard labels.count == rows.count else {
            throw .lengthMismatch(what: what, expected: rows.count, got: labels.count)
        }
        for (row, label) in labels.enumerated() {
            if binary {
                guard label == 0 || label == 1 else {
                    throw .invalidLabel(row: row, value: label, expected: "0 or 1 for a binary objective")
                }
            } else if !label.isFinite {
                throw .invalidLabel(row: row, value: label, expected: "a finite number")
            }
        }
    }
}
