/// Feature values replaced by their bins: one `UInt8` per value, column-major.
///
/// Why column-major bytes: histogram building reads one feature for the rows of a leaf,
/// so a feature's bins are contiguous (a 300k-row column is 300 kB and stays in cache
/// while the leaf's rows are scattered over it); LightGBM's dense bins are laid out the
/// same way.
struct BinnedMatrix: Sendable {
    /// `bins[feature * rowCount + row]`.
    let bins: [UInt8]
    /// The number of rows (positions of the `FeatureRows` it was built from).
    let rowCount: Int
    /// The number of features.
    let featureCount: Int

    /// Bins every value of `rows` with `mappers` (one per feature).
    ///
    /// - Complexity: O(rows × features × log bins), features in parallel.
    init(_ rows: FeatureRows, mappers: [BinMapper]) {
        let n = rows.count, featureCount = rows.featureCount
        var bins = [UInt8](repeating: 0, count: n * featureCount)
        let columns = rows.matrix.columns
        let indices = rows.indices
        bins.withUnsafeMutableBufferPointer { buffer in
            let out = SharedMutableBuffer(buffer)  // item f writes column f only
            Parallel.forEach(featureCount, concurrent: n * featureCount > 50_000) { feature in
                let mapper = mappers[feature]
                columns[feature].withUnsafeBufferPointer { values in
                    indices.withUnsafeBufferPointer { indices in
                        let base = feature * n
                        for i in 0..<n { out[base + i] = mapper.bin(values[indices[i]]) }
                    }
                }
            }
        }
        self.bins = bins
        self.rowCount = n
        self.featureCount = featureCount
    }
}
