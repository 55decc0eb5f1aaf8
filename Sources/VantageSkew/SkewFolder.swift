import Foundation
import VantageCore

/// A finished skew folder read back: for `vantage report` (its skew section) and for
/// `vantage backtest --freshness-from` (each view at its effective freshness).
public enum SkewFolder {
    /// `skew.json` of a folder (or the file itself).
    public static func locate(_ path: String) -> String {
        path.hasSuffix(".json") ? path : (path.hasSuffix("/") ? path : path + "/") + "skew.json"
    }

    /// Whether `folder` holds a skew run.
    public static func exists(_ folder: String) -> Bool {
        FileManager.default.fileExists(atPath: locate(folder))
    }

    public static func load(_ folder: String) throws(VantageError) -> SkewReport {
        let file = locate(folder)
        let bytes = try FileBytes.read(path: file)
        do {
            return try JSONDecoder().decode(SkewReport.self, from: Data(bytes))
        } catch {
            throw .input(file: file, line: 0, column: 0, message: "not a skew.json written by vantage skew: \(error)")
        }
    }

    /// `spec` with every view the skew run measured at its effective freshness, and the
    /// effective level shared by all the spec's candidate views when there is one (the
    /// level production really delivers them at, for a backtest's baseline).
    public static func applyEffective(_ report: SkewReport, to spec: Spec) throws(VantageError) -> (spec: Spec, candidates: FreshnessLevel?) {
        var out = spec
        var candidateLevels = [FreshnessLevel]()
        for v in report.views {
            guard let i = spec.views.firstIndex(where: { $0.name == v.view }) else {
                let hint = DidYouMean.suggest(v.view, among: spec.views.map(\.name)).map { "; did you mean \"\($0)\"?" } ?? ""
                throw .usage("the skew run measured view \"\(v.view)\", which the spec does not have\(hint): was it made from another spec?")
            }
            let level = try FreshnessLevel(parsing: v.effective)
            out.views[i].freshness = level
            if spec.candidateViews.contains(v.view) { candidateLevels.append(level) }
        }
        let measured = Set(report.views.map(\.view))
        let allMeasured = spec.candidateViews.allSatisfy { measured.contains($0) }
        let shared = candidateLevels.first.flatMap { first in
            candidateLevels.allSatisfy { $0.isSameSchedule(as: first) } && allMeasured ? first : nil
        }
        return (out, shared)
    }
}
