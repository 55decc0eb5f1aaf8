import Foundation
import VantageCore

/// A sweep's output folder as the backtest reads it: `sweep.json` (manifest, profile,
/// each-view files) and the spec it recorded, decoded again for names and columns.
struct SweepFolder {
    let path: String
    let report: SweepRun.Report
    let spec: Spec

    init(path: String) throws(VantageError) {
        self.path = path
        let file = path + "/sweep.json"
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path: file)
        } catch {
            throw .io(path: file, message: "no sweep here: expected the folder written by 'vantage sweep' (with sweep.json)")
        }
        do {
            report = try JSONDecoder().decode(SweepRun.Report.self, from: Data(bytes))
        } catch {
            throw .input(file: file, line: 0, column: 0, message: "not a sweep manifest: \(error)")
        }
        let specPath = report.manifest.spec.path
        spec = try SpecDecoder.decode(text: report.manifest.spec.text, path: specPath,
                                      baseDirectory: URL(fileURLWithPath: specPath).deletingLastPathComponent().path)
    }

    func csvPath(level: String) -> String { path + "/" + level + ".csv" }

    /// The training set's path as recorded: relative to the backtest folder when the
    /// sweep is inside it, so the folder can be moved as a whole.
    func relativePath(level: String, from out: String) -> String {
        let full = URL(fileURLWithPath: csvPath(level: level)).standardizedFileURL.path
        let base = URL(fileURLWithPath: out).standardizedFileURL.path + "/"
        return full.hasPrefix(base) ? String(full.dropFirst(base.count)) : full
    }

    func header(level: String) throws(VantageError) -> [String] {
        try CSVReader.read(path: csvPath(level: level), keep: []).header
    }

    /// Spine events per month (30.44 days), from the spine's time span.
    func eventsPerMonth(times: [Int64]) -> Double {
        guard let lo = times.min(), let hi = times.max(), hi > lo else { return Double(times.count) }
        let months = Double(hi - lo) / 1e6 / (30.436875 * 86_400)
        return Double(times.count) / max(months, 1e-9)
    }
}

extension BacktestRunner {
    /// The manifest of the sweep in `folder` (inputs, spec, levels), for recording a run.
    public static func sweepManifest(_ folder: String) throws(VantageError) -> Manifest {
        try SweepFolder(path: folder).report.manifest
    }
}
