import VantageCore
import VantageModels

/// Turns predictions into money with the spec's value model. Binary: the top
/// `operating_point` share of test rows by score is acted on; a caught positive earns its
/// value, a false alarm costs `false_alarm_cost`. Regression: each unit of absolute error
/// costs `error_cost`. The value per row is what the paired bootstrap resamples.
struct ValueModel {
    let spec: ValueSpec
    let task: BacktestTask
    /// Value of each pooled test row when caught (binary), in pooled order.
    let positiveValues: [Double]

    /// Per pooled test row, what acting on this model's scores is worth.
    func rowValues(labels: [Double], predictions: [Double]) -> [Double] {
        let n = labels.count
        guard n > 0 else { return [] }
        if task == .regression {
            let cost = spec.errorCost ?? 0
            return (0..<n).map { -abs(labels[$0] - predictions[$0]) * cost }
        }
        let k = max(1, Int((spec.operatingPoint * Double(n)).rounded(.up)))
        let order = (0..<n).sorted { predictions[$0] > predictions[$1] || (predictions[$0] == predictions[$1] && $0 < $1) }
        var out = [Double](repeating: 0, count: n)
        for i in order.prefix(k) {
            out[i] = labels[i] == 1 ? positiveValues[i] : -spec.falseAlarmCost
        }
        return out
    }

    func infrastructure(_ level: String) -> Double { spec.monthlyCost[level] ?? 0 }

    var description: String {
        if task == .regression {
            return "each unit of absolute error costs \(money(spec.errorCost ?? 0))."
        }
        let caught: String
        switch spec.positiveValue {
        case let .column(c)?: caught = "the value in column \(c)"
        case let .constant(v)?: caught = money(v)
        case nil: caught = money(1)
        }
        let pct = spec.operatingPoint * 100
        return "the top \(pct == pct.rounded() ? String(Int(pct)) : String(pct)) % of scored events are acted on; a caught positive is worth \(caught), a false alarm costs \(money(spec.falseAlarmCost))."
    }

    /// `$2` or `$2.50`: whole amounts without decimals, others with two.
    private func money(_ v: Double) -> String {
        spec.currency + (v == v.rounded() ? String(Int64(v)) : String(format: "%.2f", v))
    }
}
