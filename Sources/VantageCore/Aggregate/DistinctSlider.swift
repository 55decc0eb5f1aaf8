/// Distinct non-null values in a moving window `[s, e)`: a count per value id, updated by
/// the events that enter and leave, so each step costs what moved.
struct DistinctSlider {
    let ids: UnsafeMutablePointer<Int32>
    let counts: UnsafeMutablePointer<Int32>
    var ws = 0, we = 0
    var distinct = 0

    init(ids: DistinctIDs) {
        self.ids = ids.ids
        let n = max(1, ids.count)
        counts = .allocate(capacity: n)
        counts.initialize(repeating: 0, count: n)
    }

    func free() { counts.deallocate() }

    @inline(__always)
    private mutating func add(_ i: Int) {
        let v = Int(ids[i])
        if v < 0 { return }
        if counts[v] == 0 { distinct += 1 }
        counts[v] += 1
    }

    @inline(__always)
    private mutating func remove(_ i: Int) {
        let v = Int(ids[i])
        if v < 0 { return }
        counts[v] -= 1
        if counts[v] == 0 { distinct -= 1 }
    }

    mutating func count(_ s: Int, _ e: Int) -> Int {
        if s >= we || e <= ws {
            while ws < we { remove(ws); ws += 1 }
            ws = s
            we = s
        }
        while we < e { add(we); we += 1 }
        while we > e { we -= 1; remove(we) }
        while ws > s { ws -= 1; add(ws) }
        while ws < s { remove(ws); ws += 1 }
        return distinct
    }

    mutating func reset() {
        while ws < we { remove(ws); ws += 1 }
        ws = 0
        we = 0
    }
}
