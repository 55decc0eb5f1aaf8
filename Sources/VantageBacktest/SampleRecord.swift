/// `backtest.json`'s `sample`: how many spine rows the backtest used and why.
public struct SampleRecord: Codable, Sendable, Equatable {
    /// Rows of the training sets (the spine) before sampling.
    public var rowsTotal: Int
    /// Rows the backtest used, the same at every level.
    public var rowsUsed: Int
    /// The share of the spine-key hash range kept (1: every row); `rows_used / rows_total`
    /// is close to it when there are many keys.
    public var fraction: Double
    /// The spine key columns whose hash chooses the rows (`spine.keys`).
    public var by: [String]
    /// `all rows`, `--sample …`, or the estimate and the memory budget it exceeded.
    public var reason: String
    /// The backtest's estimated memory with every row.
    public var estimatedBytes: Int?
    /// The memory budget (`--memory`) the estimate was held to.
    public var memoryBudgetBytes: Int?

    enum CodingKeys: String, CodingKey {
        case fraction, by, reason
        case rowsTotal = "rows_total"
        case rowsUsed = "rows_used"
        case estimatedBytes = "estimated_bytes"
        case memoryBudgetBytes = "memory_budget_bytes"
    }

    public init(rowsTotal: Int, rowsUsed: Int, fraction: Double, by: [String], reason: String,
                estimatedBytes: Int? = nil, memoryBudgetBytes: Int? = nil) {
        self.rowsTotal = rowsTotal
        self.rowsUsed = rowsUsed
        self.fraction = fraction
        self.by = by
        self.reason = reason
        self.estimatedBytes = estimatedBytes
        self.memoryBudgetBytes = memoryBudgetBytes
    }

    /// One line for the terminal summary.
    public var summary: String {
        if fraction >= 1 { return "rows: all \(rowsTotal) used" + (reason == "all rows" ? "" : " (\(reason))") }
        return "rows: \(rowsUsed) of \(rowsTotal) used, sampled by \(by.joined(separator: ", ")) (\(reason))"
    }
}
