/// The attribution files of a sweep (`--each-view`), defined once for every engine (the
/// in-memory sweep, the spilled sweep and the Spark job): for every level L other than
/// the baseline B and every candidate view V,
/// - `each-view/V/alone/L.csv`: V at L, every other candidate at B ("V alone");
/// - `each-view/V/all_but/L.csv`: every candidate at L except V, which stays at B ("all
///   but V": what is lost by not making V fresh);
/// non-candidates keep their own production freshness in both. At B both files would be
/// the level's own training set, so none is written for it.
public struct EachViewFile: Sendable {
    public var view: Int
    /// `alone` or `all_but`.
    public var mode: String
    public var level: FreshnessLevel
    /// Relative to the sweep folder.
    public var path: String
    /// Per view of the spec, the level it is computed at in this file.
    public var levels: [FreshnessLevel]

    public static let modes = ["alone", "all_but"]

    /// The files in the order every engine writes them: by level, then view, then mode.
    public static func plan(spec: Spec, levels: [FreshnessLevel], baseline: String) throws(VantageError) -> [EachViewFile] {
        let candidates = Set(spec.candidateViews)
        let isCandidate = spec.views.map { candidates.contains($0.name) }
        let baseLevel = levels.first { $0.name == baseline } ?? .realtime
        var files = [EachViewFile]()
        for level in levels where level.name != baseline {
            for v in spec.views.indices where isCandidate[v] {
                let name = spec.views[v].name
                // Checked when the spec is read; checked again because it becomes a folder name.
                guard PlainName.isPlain(name) else {
                    throw .spec(path: "views", message: "view name \"\(name)\" must be a plain name: \(PlainName.rule)")
                }
                for mode in modes {
                    let perView = spec.views.indices.map { j -> FreshnessLevel in
                        guard isCandidate[j] else { return spec.views[j].freshness }
                        return (mode == "alone" ? j == v : j != v) ? level : baseLevel
                    }
                    files.append(EachViewFile(view: v, mode: mode, level: level, path: "each-view/\(name)/\(mode)/\(level.name).csv",
                                              levels: perView))
                }
            }
        }
        return files
    }

    /// The files as `sweep.json` lists them: view → mode → level → path.
    public static func index(_ files: [EachViewFile], spec: Spec) -> [String: [String: [String: String]]] {
        var out = [String: [String: [String: String]]]()
        for f in files { out[spec.views[f.view].name, default: [:]][f.mode, default: [:]][f.level.name] = f.path }
        return out
    }
}
