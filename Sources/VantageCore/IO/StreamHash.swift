/// A 64-bit hash of a byte stream that does not depend on how the stream is cut into
/// pieces: what the spine's second read compares with its first, to tell that the file
/// did not change in between (`SpineRecordReader`). It guards against accidents, not
/// against an adversary, at a fraction of SHA-256's cost; the manifest keeps SHA-256.
struct StreamHash {
    private var state: UInt64 = 0x243F_6A88_85A3_08D3
    /// Bytes of an unfinished 8-byte word, low byte first, and how many.
    private var pending: UInt64 = 0
    private var pendingCount = 0
    private var total: UInt64 = 0

    @inline(__always)
    private mutating func mix(_ word: UInt64) {
        state = (state ^ word) &* 0x9E37_79B9_7F4A_7C15
        state ^= state >> 29
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
        // Whole words.
        while i + 8 <= n {
            mix(UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)))
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
        var h = self
        if h.pendingCount > 0 { h.mix(h.pending ^ 0x8000_0000_0000_0000) }
        h.mix(h.total)
        return h.state
    }

    static func of(_ bytes: [UInt8]) -> UInt64 {
        var h = StreamHash()
        bytes.withUnsafeBufferPointer { if let b = $0.baseAddress { h.update(b, count: $0.count) } }
        return h.finish()
    }
}
