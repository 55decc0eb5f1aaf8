/// The parameters of the linear models (logistic and ridge regression).
///
/// The penalty follows scikit-learn's convention: the objective is the summed loss plus
/// `1/(2C) ‖w‖²` on the standardised coefficients (intercept unpenalised), so `c = 1`
/// matches `LogisticRegression(C=1.0)` and, for squared error, `Ridge(alpha=1.0)` on the
/// same standardised design. Larger `c` means weaker regularisation.
///
/// Encodes with snake_case keys; every key is optional when decoding (missing keys take
/// the defaults) and unknown keys are rejected with a did-you-mean.
public struct LinearParameters: Sendable, Hashable, Codable {
    /// Inverse regularisation strength `C > 0` (default 1.0).
    public var c: Double
    /// The maximum number of Newton iterations (default 100).
    public var maxIterations: Int
    /// Stop when half the squared Newton decrement is below `tolerance · (1 + |objective|)`
    /// (default 1e-12; Newton gets there in a few iterations).
    public var tolerance: Double

    /// Creates parameters; the defaults match scikit-learn's.
    public init(c: Double = 1.0, maxIterations: Int = 100, tolerance: Double = 1e-12) {
        self.c = c
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }

    /// Checks every parameter's range.
    public func validate() throws(ModelError) {
        guard c > 0 && !c.isNaN else { throw .invalidParameter(name: "c", value: "\(c)", expected: "a number > 0") }
        guard maxIterations >= 1 else {
            throw .invalidParameter(name: "max_iterations", value: "\(maxIterations)", expected: "an integer >= 1")
        }
        guard tolerance > 0 && tolerance.isFinite else {
            throw .invalidParameter(name: "tolerance", value: "\(tolerance)", expected: "a finite number > 0")
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case c
        case maxIterations = "max_iterations"
        case tolerance
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, known: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = LinearParameters()
        c = try container.decode(Double.self, forKey: .c, default: defaults.c)
        maxIterations = try container.decode(Int.self, forKey: .maxIterations, default: defaults.maxIterations)
        tolerance = try container.decode(Double.self, forKey: .tolerance, default: defaults.tolerance)
    }
}
