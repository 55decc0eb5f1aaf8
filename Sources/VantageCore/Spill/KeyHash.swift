/// The partition of a key: a hash of its parts' bytes, so a spine row and a view row
/// with equal keys (part by part, byte for byte, as `KeyEncoder` matches them) always
/// land in the same partition, whatever the columns are called on each side. The same
/// 64-bit hash samples a backtest's rows by key (`vantage backtest --sample`).
public enum KeyHash {
    /// The partition in `0..<count` of the key formed by `columns` at `row`. A key with
    /// an empty part matches nothing; it goes to partition 0.
    static func partition(_ columns: [TextColumn], row: Int, count: Int) -> Int {
        for c in columns where c.isNull(row) { return 0 }
        return Int(hash(columns, row: row) % UInt64(count))
    }

    /// The 64-bit hash of the key formed by `columns` at `row`: FNV-1a over each part's
    /// bytes and length, finalised with splitmix64 so every bit is well mixed. An empty
    /// part hashes as zero bytes.
    public static func hash(_ columns: [TextColumn], row: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for c in columns {
            c.withField(row) { f in
                for b in f { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
            }
            // The length separates the parts: ("ab", "c") and ("a", "bc") differ.
            h = (h ^ UInt64(truncatingIfNeeded: f(c, row))) &* 0x0000_0100_0000_01b3
            h = (h ^ 0xff) &* 0x0000_0100_0000_01b3
        }
        h = (h ^ (h >> 30)) &* 0xbf58_476d_1ce4_e5b9
        h = (h ^ (h >> 27)) &* 0x94d0_49bb_1331_11eb
        h ^= h >> 31
        return h
    }

    private static func f(_ c: TextColumn, _ row: Int) -> Int { c.end(row) - c.start(row) }
}
