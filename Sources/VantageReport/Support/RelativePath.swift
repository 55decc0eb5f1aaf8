import Foundation

/// The path from one folder to another, for the notebook's `TRAINING_SETS_BASE`: a
/// relative path keeps the notebook free of this machine's absolute paths, so the
/// report folder can move together with the backtest folder.
enum RelativePath {
    /// `to` as seen from `from` ("..", "../runs/fraud", "."); both relative to the
    /// current folder unless absolute.
    static func from(_ from: String, to: String) -> String {
        let a = components(from), b = components(to)
        var common = 0
        while common < a.count, common < b.count, a[common] == b[common] { common += 1 }
        let parts = Array(repeating: "..", count: a.count - common) + b[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    private static func components(_ path: String) -> [String] {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var out = [String]()
        for part in absolute.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == ".." { if !out.isEmpty { out.removeLast() }; continue }
            out.append(String(part))
        }
        return out
    }
}

extension ReportOptions {
    /// Options for a report written to `reportFolder` from the backtest in
    /// `backtestFolder`: the notebook finds the training sets through the relative path
    /// between the two.
    public init(reportFolder: String, backtestFolder: String, topFeatures: Int = 12) {
        self.init(trainingSetsBase: RelativePath.from(reportFolder, to: backtestFolder), topFeatures: topFeatures)
    }
}
