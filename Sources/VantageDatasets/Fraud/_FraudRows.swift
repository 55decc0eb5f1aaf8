/// The records the fraud generator keeps between drawing and writing.

/// One transaction waiting to be written.
struct _FraudRow {
    /// When the row reached the log (`ts` plus a little jitter): the file order.
    var ingest: Int64
    var ts: Int64
    var card: Int32
    var merchant: Int32
    var cents: Int32
    var sequence: UInt32
    var fraud: Bool
}

/// A card's transactions on one day (an entry of the 30-day ring).
struct _CardDay {
    var cards: [Int32] = []
    var counts: [Int32] = []
    var sums: [Int64] = []
}

/// A daily recurring charge at an exact time of day.
struct _Subscription {
    var card: Int32
    var merchant: Int32
    var firstDay: Int
    var length: Int
    var timeOfDay: Int64
    var cents: Int32
}
