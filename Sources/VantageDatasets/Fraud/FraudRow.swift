/// The records the fraud generator keeps between drawing and writing.

/// One transaction waiting to be written.
struct FraudRow {
    /// When the row reached the log (`ts` plus a little jitter): the file order.
    var ingest: Int64
    var ts: Int64
    var card: Int32
    var merchant: Int32
    var cents: Int32
    var sequence: UInt32
    var fraud: Bool
}
