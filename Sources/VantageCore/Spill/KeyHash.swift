/// The partition of a key: a hash of its parts' bytes, so a spine row and a view row
/// with equal keys (part by part, byte for byte, as `KeyEncoder` matches them) always
/// land in the same partition, whatever the columns are called on each side, and
/// whether the key is read from parsed columns or from a record's raw bytes. The same
/// 64-bit hash samples a backtest's rows by key (`vantage backtest --sample`).
public struct KeyHash {
    private var h: UInt64 = 0xcbf2_9ce4_8422_2325
    /// Set when a part was empty: such a key matches nothing.
    private var empty = false

    /// Adds one part, given as the pieces of its bytes.
    mutating func part(_ pieces: (_ piece: (UnsafeBufferPointer<UInt8>) -> Void) -> Void) {
        var length = 0
        var h = self.h
        pieces { f in
            for b in f { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
            length += f.count
        }
        if length == 0 { empty = true }
        // The length separates the parts: ("ab", "c") and ("a", "bc") differ.
        h = (h ^ UInt64(truncatingIfNeeded: length)) &* 0x0000_0100_0000_01b3
        self.h = (h ^ 0xff) &* 0x0000_0100_0000_01b3
    }

    /// The partition in `0..<count`; a key with an empty part goes to partition 0.
    /// The hash scaled to the count (the high word of their product) rather than its
    /// remainder: as even, without a division per record and target.
    func partition(count: Int) -> Int {
        if empty { return 0 }
        return Int(truncatingIfNeeded: value.multipliedFullWidth(by: UInt64(count)).high)
    }

    /// The hash, finalised (splitmix64) so every bit is well mixed, the low ones too.
    var value: UInt64 {
        var h = self.h
        h = (h ^ (h >> 30)) &* 0xbf58_476d_1ce4_e5b9
        h = (h ^ (h >> 27)) &* 0x94d0_49bb_1331_11eb
        h ^= h >> 31
        return h
    }

    /// The 64-bit hash of the key formed by `columns` at `row` (an empty part hashes as
    /// no bytes): what `partition` reduces modulo the partition count.
    public static func hash(_ columns: [TextColumn], row: Int) -> UInt64 {
        var k = KeyHash()
        for c in columns { k.part { piece in c.withField(row) { piece($0) } } }
        return k.value
    }

    /// The partition in `0..<count` of the key formed by `columns` at `row`.
    static func partition(_ columns: [TextColumn], row: Int, count: Int) -> Int {
        var k = KeyHash()
        for c in columns { k.part { piece in c.withField(row) { piece($0) } } }
        return k.partition(count: count)
    }

    /// The partition in `0..<count` of the key formed by fields `columns` of the
    /// scanner's current record.
    static func partition(_ columns: [Int], of record: RawRecordScanner, count: Int) -> Int {
        columns.withUnsafeBufferPointer { partition($0, of: record, count: count) }
    }

    /// The same, the key fields given as raw memory (the partition pass's loop).
    static func partition(_ columns: UnsafeBufferPointer<Int>, of record: RawRecordScanner, count: Int) -> Int {
        var k = KeyHash()
        for c in columns { k.part { piece in record.withValue(c, piece) } }
        return k.partition(count: count)
    }
}
