/// Where a spine's rows are read again, as output text, when a training set is written.
///
/// Why: the spine's columns are written as read, and holding every one of them for the
/// whole run costs more memory than everything else of a lookup join together. The join
/// needs only the spine's keys and times; the rest is streamed from the file a second
/// time, block by block, beside the computed features. The second pass checks the file
/// is unchanged (its `StreamHash` and record count), so an input edited meanwhile is an
/// error, never a silently mixed output.
public struct SpineRecordSource: Sendable {
    public let path: String
    /// What the first pass read: the checksum, and every record (kept or skipped).
    let streamHash: UInt64
    let records: Int
    /// Header columns: blank lines are skipped only in files of several columns.
    let width: Int
    /// Record indexes left out (rows dropped for a bad time), ascending.
    let skipped: [Int]
    /// Whether this read is the file's last of a spilled run (`ReadAhead.init`).
    var dropPagesBehind = false
}
