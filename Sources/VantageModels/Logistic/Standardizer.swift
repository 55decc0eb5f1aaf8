/// The preprocessing of the linear models: centre and scale every feature with statistics
/// of the training rows, impute missing values with the training mean, and add a
/// missing-indicator column for each feature that had missing values in training.
///
/// Why: an L2 penalty is only fair across features on a common scale, and "missing" is
/// often informative (a card without a profile), which mean imputation alone would hide.
/// This is scikit-learn's `SimpleImputer(add_indicator=True)` followed by
/// `StandardScaler`, except that the mean and standard deviation are of the observed
/// values (so a missing value maps to exactly 0 after scaling).
///
/// Design columns: the features in order, then one indicator per feature in
/// `indicatorFeatures`, itself standardised with its training mean and deviation.
struct Standardizer: Sendable, Hashable {
    /// Mean of the observed training values, per feature (0 when none was observed).
    let means: [Double]
    /// Population standard deviation of the observed training values, or 1 when it is 0.
    let scales: [Double]
    /// The features that had at least one missing value among the training rows.
    let indicatorFeatures: [Int]
    /// The training fraction of missing values of each indicator feature.
    let indicatorMeans: [Double]
    /// The standard deviation of each indicator, or 1 when it is 0 (all or none missing).
    let indicatorScales: [Double]

    /// Fits the statistics on `rows`.
    ///
    /// - Complexity: O(rows × features), two passes.
    init(fitting rows: FeatureRows) {
        var means = [Double](), scales = [Double](), indicators = [Int]()
        var indicatorMeans = [Double](), indicatorScales = [Double]()
        let n = rows.count
        for feature in 0..<rows.featureCount {
            var sum = 0.0, observed = 0
            rows.matrix.columns[feature].withUnsafeBufferPointer { column in
                for row in rows.indices where !column[row].isNaN {
                    sum += column[row]
                    observed += 1
                }
            }
            let mean = observed > 0 ? sum / Double(observed) : 0
            var squares = 0.0
            rows.matrix.columns[feature].withUnsafeBufferPointer { column in
                for row in rows.indices where !column[row].isNaN {
                    squares += (column[row] - mean) * (column[row] - mean)
                }
            }
            let deviation = observed > 0 ? (squares / Double(observed)).squareRoot() : 0
            means.append(mean)
            scales.append(deviation > 0 && deviation.isFinite ? deviation : 1)
            if observed < n {
                let missing = Double(n - observed) / Double(n)
                let indicatorDeviation = (missing * (1 - missing)).squareRoot()
                indicators.append(feature)
                indicatorMeans.append(missing)
                indicatorScales.append(indicatorDeviation > 0 ? indicatorDeviation : 1)
            }
        }
        self.means = means
        self.scales = scales
        self.indicatorFeatures = indicators
        self.indicatorMeans = indicatorMeans
        self.indicatorScales = indicatorScales
    }

    /// The number of design columns: features plus indicators.
    var width: Int { means.count + indicatorFeatures.count }

    /// The names of the design columns; an indicator is named `"<feature> (missing)"`.
    func columnNames(featureNames: [String]) -> [String] {
        featureNames + indicatorFeatures.map { "\(featureNames[$0]) (missing)" }
    }

    /// The standardised design matrix of `rows`, column-major (`width` columns of
    /// `rows.count` values).
    ///
    /// - Complexity: O(rows × width) time and memory.
    func design(_ rows: FeatureRows) -> [Double] {
        let n = rows.count
        var design = [Double](repeating: 0, count: n * width)
        design.withUnsafeMutableBufferPointer { out in
            for column in 0..<width {
                let feature = column < means.count ? column : indicatorFeatures[column - means.count]
                rows.matrix.columns[feature].withUnsafeBufferPointer { values in
                    rows.indices.withUnsafeBufferPointer { indices in
                        for i in 0..<n { out[column * n + i] = value(column, raw: values[indices[i]]) }
                    }
                }
            }
        }
        return design
    }

    /// Adds `Σⱼ weights[j] · z_ij` to `output[i]` for every row `i` of `rows`, without
    /// building the design matrix (used by prediction).
    func accumulate(_ rows: FeatureRows, weights: [Double], into output: inout [Double]) {
        let n = rows.count
        output.withUnsafeMutableBufferPointer { out in
            for column in 0..<width where weights[column] != 0 {
                let feature = column < means.count ? column : indicatorFeatures[column - means.count]
                let weight = weights[column]
                rows.matrix.columns[feature].withUnsafeBufferPointer { values in
                    rows.indices.withUnsafeBufferPointer { indices in
                        for i in 0..<n { out[i] += weight * value(column, raw: values[indices[i]]) }
                    }
                }
            }
        }
    }

    /// The standardised value of design column `column` for a raw feature value.
    @inline(__always)
    private func value(_ column: Int, raw: Double) -> Double {
        if column < means.count {
            return raw.isNaN ? 0 : (raw - means[column]) / scales[column]
        }
        let k = column - means.count
        return ((raw.isNaN ? 1 : 0) - indicatorMeans[k]) / indicatorScales[k]
    }
}
