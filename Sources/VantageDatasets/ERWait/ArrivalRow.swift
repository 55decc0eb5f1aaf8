/// One arrival, kept until its wait is known.
struct ArrivalRow {
    var ts: Int64
    var hospital: Int32
    /// Wait until a bed in tenths of a minute; -1 while still waiting.
    var waitTenths: Int32 = -1
    /// True triage level 1 (most urgent) … 5.
    var triage: UInt8
    /// Whether the triage level is missing from the record (it still drives the queue).
    var triageMissing: Bool
    var age: UInt8
    var ambulance: Bool
}
