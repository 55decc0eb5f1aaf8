/// A time of day drawn from 24 hourly weights, uniform within the hour.
struct TimeOfDay {
    private let hours: AliasTable

    /// A sampler for hourly weights (index 0 = 00:00–01:00 UTC).
    init(hourly: [Double]) {
        precondition(hourly.count == 24, "24 hourly weights")
        hours = AliasTable(weights: hourly)
    }

    /// Microseconds after midnight, in `0 ..< 1 day`.
    @inline(__always)
    func draw(_ rng: inout RandomStream) -> Int64 {
        Int64(hours.draw(&rng)) * CivilTime.hour + Int64(rng.below(Int(CivilTime.hour)))
    }
}
