/// A 64-bit hash of a byte stream that does not depend on how the stream is cut into
/// pieces: what the spine's second read compares with its first, to tell that the file
/// did not change in between (`SpineRecordReader`). It guards against accidents, not
/// against an adversary, at a fraction of SHA-256's cost; the manifest keeps SHA-256.
struct StreamHash {
    /// Four lanes: word k of the stream goes to lane k mod 4, so four multiplications are
    /// in flight at once instead of one chain (the hash runs on the reading thread of
    /// every spine read, beside SHA-256).
    private var lanes: (UInt64, UInt64, UInt64, UInt64) = (0x243F_6A88_85A3_08D3, 0x1319_8A2E_0370_7344, 0xA409_3822_299F_31D0, 0x082E_FA98_EC4E_6C89)
    /// Whole words mixed so far.
    private var words: UInt64 = 0
    /// Bytes of an unfinished 8-byte word, low byte first, and how many.
    private var pending: UInt64 = 0
    private var pendingCount = 0
    private var total: UInt64 = 0

    @inline(__always)
    private static func mix(_ state: inout UInt64, _ word: UInt64) {
        state = (state ^ word) &* 0x9E37_79B9_7F4A_7C15
        state ^= state >> 29
    }

    /// Mixes the next word into its lane.
    @inline(__always)
    private mutating func mix(_ word: UInt64) {
        switch words & 3 {
        case 0: Self.mix(&lanes.0, word)
        case 1: Self.mix(&lanes.1, word)
        case 2: Self.mix(&lanes.2, word)
        default: Self.mix(&lanes.3, word)
        }
        words &+= 1
    }

    mutating func update(_ p: UnsafePointer<UInt8>, count n: Int) {
        total &+= UInt64(n)
        var i = 0
        // Finish a word begun by the last piece, byte by byte.
        while pendingCount > 0 && i < n {
            pending |= UInt64(p[i]) << (8 * UInt64(pendingCount))
            pendingCount += 1
            i += 1
            if pendingCount == 8 {
                mix(pending)
                pending = 0
                pendingCount = 0
            }
        }
        let raw = UnsafeRawPointer(p)
        // Whole words, one at a time until the next goes to lane 0, then four at a time.
        while words & 3 != 0 && i + 8 <= n {
            mix(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i += 8
        }
        if i + 32 <= n {
            var (a, b, c, d) = lanes
            while i + 32 <= n {
                Self.mix(&a, UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                Self.mix(&b, UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)))
                Self.mix(&c, UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)))
                Self.mix(&d, UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)))
                words &+= 4
                i += 32
            }
            lanes = (a, b, c, d)
        }
        while i + 8 <= n {
            mix(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i += 8
        }
        // The start of the next word.
        while i < n {
            pending |= UInt64(p[i]) << (8 * UInt64(pendingCount))
            pendingCount += 1
            i += 1
        }
    }

    /// The hash of everything fed so far (its length included).
    func finish() -> UInt64 {
        var h = lanes.0
        Self.mix(&h, lanes.1)
        Self.mix(&h, lanes.2)
        Self.mix(&h, lanes.3)
        if pendingCount > 0 { Self.mix(&h, pending ^ 0x8000_0000_0000_0000) }
        Self.mix(&h, total)
        return h
    }

    static func of(_ bytes: [UInt8]) -> UInt64 {
        var h = StreamHash()
        bytes.withUnsafeBufferPointer { if let b = $0.baseAddress { h.update(b, count: $0.count) } }
        return h.finish()
    }
}
