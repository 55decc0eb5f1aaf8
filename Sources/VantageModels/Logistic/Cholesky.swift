/// Solves symmetric positive-definite systems `A x = b` by Cholesky factorisation.
///
/// Why Cholesky: the Newton systems of penalised linear models are symmetric positive
/// definite and small (one row per design column plus the intercept, well under 400),
/// so a dense factorisation is exact, deterministic and costs far less than building
/// the matrix. Algorithm: Golub & Van Loan, *Matrix Computations*, 4th ed., §4.2
/// (the Cholesky–Banachiewicz row order).
enum Cholesky {
    /// Solves `A x = b` for row-major symmetric `a` (`d × d`, only the lower triangle is
    /// read). If `a` is not numerically positive definite, retries with a growing ridge
    /// `a + τ I` (τ from `1e-10 · mean diagonal`), the usual safeguard for a singular
    /// Hessian (for example a constant column with no penalty).
    ///
    /// - Returns: `x`, or `nil` if even a large ridge does not make `a` definite (NaNs).
    /// - Complexity: O(d³ / 3).
    static func solve(_ a: [Double], _ b: [Double], dimension d: Int) -> [Double]? {
        var scale = 0.0
        for i in 0..<d { scale += abs(a[i * d + i]) }
        scale = max(scale / Double(max(d, 1)), 1e-300)
        var ridge = 0.0
        for _ in 0..<12 {
            if let factor = factorize(a, dimension: d, ridge: ridge) {
                return substitute(factor, b, dimension: d)
            }
            ridge = ridge == 0 ? 1e-10 * scale : ridge * 100
        }
        return nil
    }

    /// The lower-triangular `L` with `L Lᵀ = a + ridge · I`, or `nil` when a pivot is not positive.
    private static func factorize(_ a: [Double], dimension d: Int, ridge: Double) -> [Double]? {
        var l = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0...i {
                var sum = a[i * d + j] + (i == j ? ridge : 0)
                for k in 0..<j { sum -= l[i * d + k] * l[j * d + k] }
                if i == j {
                    guard sum > 0 && sum.isFinite else { return nil }
                    l[i * d + i] = sum.squareRoot()
                } else {
                    l[i * d + j] = sum / l[j * d + j]
                }
            }
        }
        return l
    }

    /// Forward then backward substitution with `L` and `Lᵀ`.
    private static func substitute(_ l: [Double], _ b: [Double], dimension d: Int) -> [Double] {
        var y = b
        for i in 0..<d {
            var sum = y[i]
            for k in 0..<i { sum -= l[i * d + k] * y[k] }
            y[i] = sum / l[i * d + i]
        }
        for i in stride(from: d - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<d { sum -= l[k * d + i] * y[k] }
            y[i] = sum / l[i * d + i]
        }
        return y
    }
}
