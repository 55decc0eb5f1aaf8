import Foundation
import VantageCore

/// Which spine rows a backtest uses: every row, or those whose spine key hashes
/// (`KeyHash.hash` of the `spine.keys` fields, the hash that partitions spilled joins)
/// below `fraction × 2^64`. The keys are the same at every freshness level, so the same
/// rows are kept in every training set and the comparisons stay paired; a key is kept
/// or dropped whole, so an entity's history stays together (and a row count is met only
/// approximately, the more so with few keys). Rows keep their order.
struct RowSample: Sendable, Equatable {
    /// The spine key columns hashed.
    let keys: [String]
    /// The share of the key-hash range kept: 1 keeps every row.
    let fraction: Double
    /// Rows of the training sets before sampling.
    let rowsTotal: Int
    /// Why this many rows (`--sample`, the memory budget, or every row).
    let reason: String
    /// The backtest's estimated memory for every row, and the budget it was held to.
    let estimatedBytes: Int
    let budgetBytes: Int?

    /// Keys hashing below this are kept; nil keeps every row.
    var threshold: UInt64? {
        guard fraction < 1 else { return nil }
        let t = (fraction * 18_446_744_073_709_551_616.0).rounded(.down)
        return t >= 18_446_744_073_709_551_615.0 ? UInt64.max : UInt64(max(0, t))
    }

    var keepsAll: Bool { threshold == nil }

    /// Whether the row with key fields `columns` (in `keys` order) at `row` is kept.
    func keeps(_ columns: [TextColumn], row: Int) -> Bool {
        guard let threshold else { return true }
        return KeyHash.hash(columns, row: row) < threshold
    }

    /// The kept rows of a table whose key columns are `columns`, in order.
    func rows(_ columns: [TextColumn], count: Int) -> [Int]? {
        guard let threshold else { return nil }
        return (0..<count).filter { KeyHash.hash(columns, row: $0) < threshold }
    }

    /// Decides from `--sample` (which wins when given), else from the budget: when the
    /// estimate exceeds it, the fraction that brings the estimate down to the budget.
    static func decide(_ request: SampleRequest?, keys: [String], rowsTotal: Int, estimatedBytes: Int, budgetBytes: Int?) -> RowSample {
        func make(_ fraction: Double, _ reason: String) -> RowSample {
            RowSample(keys: keys, fraction: min(1, fraction), rowsTotal: rowsTotal, reason: reason,
                      estimatedBytes: estimatedBytes, budgetBytes: budgetBytes)
        }
        switch request {
        case let .fraction(f)?:
            return make(f, request?.text ?? "")
        case let .rows(n)?:
            if n >= rowsTotal { return make(1, "--sample \(n): not fewer than the \(rowsTotal) rows, so all rows") }
            return make(Double(n) / Double(rowsTotal), "--sample \(n)")
        case nil:
            if let budget = budgetBytes, estimatedBytes > budget {
                return make(Double(budget) / Double(estimatedBytes),
                            "training sets (\(size(estimatedBytes)) estimated) exceed the memory budget (\(size(budget)))")
            }
            return make(1, "all rows")
        }
    }

    /// The backtest's memory for `rows` rows of `columns` kept columns when it holds
    /// `held` training sets parsed at once: about 8 bytes a cell (a double, or a short
    /// text field with its offset) per set held, plus one set's worth of working copies
    /// (the feature matrix of the level being trained). Measured on the bundled fraud
    /// scenario (40,000 rows, 18 columns, two levels): every row added 9 MiB to the peak
    /// from memory and 12 MiB from CSVs, against 16.5 MiB estimated.
    static func estimate(rows: Int, columns: Int, held: Int) -> Int {
        let cells = rows.multipliedReportingOverflow(by: max(1, columns) * 8 * (max(1, held) + 1))
        return cells.overflow ? Int.max : cells.partialValue
    }

    /// `n` bytes in MiB or GiB, for the reason.
    static func size(_ n: Int) -> String {
        n >= 1 << 30 ? String(format: "%.1f GiB", Double(n) / Double(1 << 30)) : String(format: "%.1f MiB", Double(n) / Double(1 << 20))
    }

    /// What `backtest.json` records, with the rows actually used.
    func record(rowsUsed: Int) -> SampleRecord {
        SampleRecord(rowsTotal: rowsTotal, rowsUsed: rowsUsed, fraction: fraction, by: keys, reason: reason,
                     estimatedBytes: estimatedBytes, memoryBudgetBytes: budgetBytes)
    }
}
