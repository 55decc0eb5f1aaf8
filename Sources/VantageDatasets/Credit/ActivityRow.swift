/// One account event waiting to be written.
struct ActivityRow {
    var ts: Int64
    var sequence: UInt32
    var applicant: Int32
    /// 0 login, 1 payment, 2 inquiry.
    var kind: UInt8
    /// Payment amount in cents (payments only).
    var cents: Int32
}
