/// Daily volumes and times of day for the generators: exact totals by largest
/// remainder, weekly and daily cycles as piecewise-constant intensities.
enum TrafficCalendar {
    /// Splits `total` into parts proportional to `weights` that sum to `total`
    /// exactly (Hamilton's largest-remainder method; ties go to the lower index).
    static func apportion(_ total: Int, weights: [Double]) -> [Int] {
        let sum = weights.reduce(0, +)
        precondition(sum > 0, "apportion needs a positive weight")
        var parts = [Int](repeating: 0, count: weights.count)
        var remainders: [(fraction: Double, index: Int)] = []
        remainders.reserveCapacity(weights.count)
        var assigned = 0
        for (i, w) in weights.enumerated() {
            let quota = Double(total) * w / sum
            let whole = Int(quota.rounded(.down))
            parts[i] = whole
            assigned += whole
            remainders.append((quota - Double(whole), i))
        }
        remainders.sort { $0.fraction != $1.fraction ? $0.fraction > $1.fraction : $0.index < $1.index }
        var k = 0
        while assigned < total {
            parts[remainders[k % remainders.count].index] += 1
            assigned += 1
            k += 1
        }
        return parts
    }

    /// The daily volume of `total` events over `days` days from `startDay`
    /// (days since 1970-01-01), weighted by `weekday` (Monday first) times
    /// `trend(day)`.
    static func dailyVolumes(
        _ total: Int, days: Int, startDay: Int64, weekday: [Double], trend: (Int) -> Double = { _ in 1 }
    ) -> [Int] {
        let weights = (0..<days).map { d in
            weekday[CivilTime.weekday(days: startDay + Int64(d))] * trend(d)
        }
        return apportion(total, weights: weights)
    }
}

/// Rounds a time down to a whole second.
@inline(__always)
func _wholeSecond(_ micros: Int64) -> Int64 { micros - ((micros % CivilTime.second) + CivilTime.second) % CivilTime.second }

/// Rounds a time down to a whole minute.
@inline(__always)
func _wholeMinute(_ micros: Int64) -> Int64 { micros - ((micros % CivilTime.minute) + CivilTime.minute) % CivilTime.minute }
