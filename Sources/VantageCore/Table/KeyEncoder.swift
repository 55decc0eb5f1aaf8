import Dispatch
import Foundation

/// Dictionary-encodes entity keys to dense integers shared by the spine and every view.
/// Each spine key column gets its own `KeyDictionary`; a composite key is the pair-wise
/// combination of its parts' ids (never the parts joined into one string), so
/// `("a,b", "c")` and `("a", "b,c")` stay different keys. An empty part makes the whole
/// key `-1`, which matches nothing (docs/semantics.md, "Keys").
///
/// Safe to share: the caches are built lazily inside `Locked`, and what leaves the lock is
/// a value copy, so views may be prepared on several threads at once, whichever key space
/// each asks for first.
public final class KeyEncoder: Sendable {
    /// A key space: the spine's ids for one tuple of spine columns.
    public struct Space: Sendable {
        /// Per spine row: its key id in `0..<count`, or -1.
        public let spineIds: [Int32]
        public let count: Int
        let columns: [String]
    }

    /// What the encoder has built so far.
    private struct Caches: Sendable {
        var parts: [String: (dict: KeyDictionary, ids: [Int32])] = [:]
        var pairMaps: [String: [UInt64: Int32]] = [:]
        var spaces: [String: Space] = [:]
        /// The spine's key text, until `releaseSpineText()`.
        var spine: CSVTable?
    }

    private let caches: Locked<Caches>

    public init(spine: CSVTable) { caches = Locked(Caches(spine: spine)) }

    /// Lets go of the spine's text once every key column the run matches on is encoded
    /// (the dictionaries and ids are all that matching needs), so the text is not held
    /// for the rest of the run.
    public func releaseSpineText() { caches.withLock { $0.spine = nil } }

    private static func part(_ column: String, spine: CSVTable?, in c: inout Caches) -> (dict: KeyDictionary, ids: [Int32]) {
        if let p = c.parts[column] { return p }
        guard let spine else { fatalError("key column \(column) was not encoded before the spine's text was released") }
        guard let col = spine.column(named: column) else { return (KeyDictionary(), []) }
        var dict = KeyDictionary(expectedCount: max(1024, spine.rowCount / 8))
        var ids = [Int32](repeating: -1, count: spine.rowCount)
        if spine.rowCount > 0 { ids.withUnsafeMutableBufferPointer { dict.internAll(col, into: $0.baseAddress!) } }
        c.parts[column] = (dict, ids)
        return (dict, ids)
    }

    /// Builds the dictionaries of these spine columns on all cores at once (each column's
    /// interning is independent), so the first views to ask find them ready.
    public func prepare(columns: [String]) {
        let (missing, spine) = caches.withLock { c in (Array(Set(columns)).filter { c.parts[$0] == nil }.sorted(), c.spine) }
        guard missing.count > 1 else { return }
        let built = ParallelMap.run(missing.count) { i -> (dict: KeyDictionary, ids: [Int32]) in
            var scratch = Caches()
            return Self.part(missing[i], spine: spine, in: &scratch)
        }
        caches.withLock { c in
            for (name, part) in zip(missing, built) where c.parts[name] == nil { c.parts[name] = part }
        }
    }

    private static func name(_ columns: [String]) -> String { columns.joined(separator: "\u{1}") }

    /// The key space of a tuple of spine columns (built once, then shared).
    public func space(_ columns: [String]) -> Space {
        caches.withLock { Self.space(columns, spine: $0.spine, in: &$0) }
    }

    private static func space(_ columns: [String], spine: CSVTable?, in c: inout Caches) -> Space {
        let n = name(columns)
        if let s = c.spaces[n] { return s }
        var ids = part(columns[0], spine: spine, in: &c).ids
        var count = part(columns[0], spine: spine, in: &c).dict.count
        for k in 1..<max(1, columns.count) {
            let next = part(columns[k], spine: spine, in: &c).ids
            var map = [UInt64: Int32]()
            for r in 0..<ids.count {
                guard ids[r] >= 0, next[r] >= 0 else { ids[r] = -1; continue }
                let packed = UInt64(UInt32(ids[r])) << 32 | UInt64(UInt32(next[r]))
                if let id = map[packed] {
                    ids[r] = id
                } else {
                    let id = Int32(map.count)
                    map[packed] = id
                    ids[r] = id
                }
            }
            count = map.count
            c.pairMaps[name(Array(columns[0...k]))] = map
        }
        let s = Space(spineIds: ids, count: count, columns: columns)
        c.spaces[n] = s
        return s
    }

    /// The dictionaries of every part of `spineColumns` and the pair maps that combine
    /// them, building the key space first if needed.
    private func lookupTables(_ spineColumns: [String]) -> (dicts: [KeyDictionary], maps: [[UInt64: Int32]]) {
        caches.withLock { c in
            _ = Self.space(spineColumns, spine: c.spine, in: &c)
            let dicts = spineColumns.map { Self.part($0, spine: c.spine, in: &c).dict }
            let maps = (0..<spineColumns.count).map { k in k == 0 ? [:] : c.pairMaps[Self.name(Array(spineColumns[0...k]))] ?? [:] }
            return (dicts, maps)
        }
    }

    /// Key ids of a view's rows in the space of `spineColumns` (its key parts in order);
    /// -1 where a part is empty or the key never occurs on the spine. Rows are split over
    /// all cores: lookups only read the dictionaries.
    public func encode(view: [TextColumn], rows: Int, spineColumns: [String]) -> [Int32] {
        let (dicts, maps) = lookupTables(spineColumns)
        let parts = rows < 1 << 16 ? 1 : ProcessInfoCores.count
        // Job `p` writes every row of its own range `lo..<hi` (`findAll` sets each one).
        return [Int32].written(count: rows) { out in DispatchQueue.concurrentPerform(iterations: parts) { p in
            let lo = rows * p / parts, hi = rows * (p + 1) / parts
            let ids = out.pointer
            dicts[0].findAll(view[0], rows: lo..<hi, into: ids)
            if spineColumns.count > 1 {
                let parts = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, hi - lo))
                defer { parts.deallocate() }
                for k in 1..<spineColumns.count {
                    dicts[k].findAll(view[k], rows: lo..<hi, into: parts - lo)
                    let map = maps[k]
                    for r in lo..<hi where ids[r] >= 0 {
                        let part = parts[r - lo]
                        ids[r] = part < 0 ? -1 : map[UInt64(UInt32(ids[r])) << 32 | UInt64(UInt32(part))] ?? -1
                    }
                }
            }
        }}
    }
}
