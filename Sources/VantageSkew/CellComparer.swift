import VantageCore

/// Compares served cells with replayed (offline) cells of one feature column.
///
/// Two cells are equal when both are null, when both are numbers with
/// `|s − o| ≤ tolerance · max(|s|, |o|)` (relative; exact equality always counts), or
/// when neither is a number and the texts are identical. Otherwise the cell is served
/// null (offline has a value), offline null (served has one), or a differing value.
struct CellComparer {
    let served: ServedValues
    let tolerance: Double

    /// One cell's outcome.
    enum Outcome: Equatable {
        case equal
        case servedNull
        case offlineNull
        /// Both present and different; the absolute difference when both are numbers.
        case differ(Double?)
    }

    func outcome(row r: Int, offline: FeatureColumn) -> Outcome {
        let sNull = served.text.isNull(r)
        let oNull = offline.isNull(r)
        if sNull && oNull { return .equal }
        if sNull { return .servedNull }
        if oNull { return .offlineNull }
        let s = served.numbers[r]
        if let o = Self.number(offline, r) {
            guard !s.isNaN else { return .differ(nil) }
            if s == o || abs(s - o) <= tolerance * max(abs(s), abs(o)) { return .equal }
            return .differ(abs(s - o))
        }
        guard s.isNaN else { return .differ(nil) }
        return served.text.string(r) == (offline.text(r) ?? "") ? .equal : .differ(nil)
    }

    /// How many rows are equal: the estimator's score of one candidate.
    func equalCount(_ offline: FeatureColumn) -> Int {
        var n = 0
        for r in 0..<offline.count where outcome(row: r, offline: offline) == .equal { n += 1 }
        return n
    }

    /// The offline cell as a number, nil when null or not a number.
    static func number(_ c: FeatureColumn, _ r: Int) -> Double? {
        switch c {
        case let .text(source, rows):
            let i = Int(rows[r])
            guard i >= 0, !source.isNull(i) else { return nil }
            return source.withField(i) { NumberParser.parse($0) }
        case let .integers(v):
            return Double(v[r])
        case let .reals(v):
            return v[r].isNaN ? nil : v[r]
        }
    }
}
