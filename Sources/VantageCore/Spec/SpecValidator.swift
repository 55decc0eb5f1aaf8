/// Checks across fields of a decoded spec: names unique, key lists aligned, candidate
/// views known, output columns distinct (docs/semantics.md, "Output columns").
enum SpecValidator {
    static func validate(_ spec: Spec) throws(VantageError) {
        if spec.spine.keys.isEmpty { throw .spec(path: "spine.keys", message: "needs at least one entity column") }
        var names = Set<String>()
        for (i, v) in spec.views.enumerated() {
            let p = "views[\(i)]"
            if v.name.isEmpty { throw .spec(path: "\(p).name", message: "must not be empty") }
            if !names.insert(v.name).inserted {
                throw .spec(path: "\(p).name", message: "view \"\(v.name)\" is declared twice; give each view its own name")
            }
            if v.keys.isEmpty { throw .spec(path: "\(p).keys", message: "needs at least one key column") }
            if v.spineKeys.count != v.keys.count {
                throw .spec(path: "\(p).spine_keys", message: "has \(v.spineKeys.count) columns but keys has \(v.keys.count); they match by position")
            }
            if v.kind == .lookup && v.features.isEmpty {
                throw .spec(path: "\(p).features", message: "needs at least one feature column")
            }
            if let ttl = v.ttl, ttl.isZero == false, case let .micros(x) = ttl.length, x < 0 {
                throw .spec(path: "\(p).ttl", message: "must not be negative")
            }
        }
        if let cands = spec.freshness.views {
            for (i, c) in cands.enumerated() where !names.contains(c) {
                let hint = DidYouMean.suggest(c, among: Array(names)).map { "; did you mean \"\($0)\"?" } ?? ""
                throw .spec(path: "freshness.views[\(i)]", message: "no view named \"\(c)\"\(hint)")
            }
        }
        var columns = [String: String]()
        for v in spec.views {
            for c in v.outputColumns {
                if let other = columns[c] {
                    throw .spec(path: "views", message: "output column \"\(c)\" would appear twice (\(other) and \(v.name)); rename a view or drop the duplicate")
                }
                columns[c] = v.name
            }
        }
    }
}
