import Foundation
import VantageCore

/// The sweep a backtest runs on: its spec (decoded once), its report (manifest, profile,
/// each-view files) and its training sets, each parsed once. Either a folder written
/// earlier by `vantage sweep` (`--sweep DIR`), or a sweep run here whose training sets
/// are taken from memory as they are computed (and written too, unless told not to).
public final class SweepSource: @unchecked Sendable {
    public let spec: Spec
    public let report: SweepRun.Report
    /// The folder holding `sweep.json` and the CSVs; nil when nothing was written.
    public let folder: String?
    let options: BacktestOptions
    /// Frames taken from memory, by the training set's path in the sweep folder
    /// (`<level>.csv`, `each-view/…`). Only touched on the thread running the backtest.
    private var frames: [String: (TrainingFrame, BacktestTask)]
    private var layout: FrameLayout?
    /// The rows used, decided once (from the first training set in memory, else from
    /// `sweep.json`'s row count and the first CSV's header) and applied to every set.
    private var chosen: RowSample?
    /// False: the folder holds training sets written only to be read back here (a
    /// spilled sweep under `--no-training-sets`): they are not recorded as outputs.
    public var keepsTrainingSets = true

    private init(spec: Spec, report: SweepRun.Report, folder: String?, options: BacktestOptions,
                 frames: [String: (TrainingFrame, BacktestTask)], layout: FrameLayout?, sample: RowSample?) {
        self.spec = spec
        self.report = report
        self.folder = folder
        self.options = options
        self.frames = frames
        self.layout = layout
        self.chosen = sample
    }

    /// An existing sweep folder: reads `sweep.json` and decodes the spec it recorded.
    public static func folder(_ path: String, options: BacktestOptions) throws(VantageError) -> SweepSource {
        let file = path + "/sweep.json"
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path: file)
        } catch {
            throw .io(path: file, message: "no sweep here: expected the folder written by 'vantage sweep' (with sweep.json)")
        }
        let report: SweepRun.Report
        do {
            report = try JSONDecoder().decode(SweepRun.Report.self, from: Data(bytes))
        } catch {
            throw .input(file: file, line: 0, column: 0, message: "not a sweep manifest: \(error)")
        }
        let specPath = report.manifest.spec.path
        let spec = try SpecDecoder.decode(text: report.manifest.spec.text, path: specPath,
                                          baseDirectory: URL(fileURLWithPath: specPath).deletingLastPathComponent().path)
        return SweepSource(spec: spec, report: report, folder: path, options: options, frames: [:], layout: nil, sample: nil)
    }

    /// Sweeps `spec` into `out` (nil: write nothing) and keeps every training set's
    /// frame from memory, so the backtest parses none of them back.
    public static func sweep(spec: Spec, out: String?, sweep: SweepRun.Options, options: BacktestOptions) throws(VantageError) -> SweepSource {
        _ = try FrameLayout.label(spec: spec, options: options)
        // Every training set handed over is held, so all of them count in the estimate.
        var sets = sweep.levels.count
        if sweep.eachView {
            let baseline = try BaselineChoice(levels: sweep.levels.map(\.name), requested: sweep.baseline, spec: spec.freshness.baseline).level
            sets += try EachViewFile.plan(spec: spec, levels: sweep.levels, baseline: baseline).count
        }
        let collector = Collector(spec: spec, options: options, sets: sets)
        var o = sweep
        o.writeTrainingSets = out != nil
        o.consume = { name, set throws(VantageError) in try collector.take(name: name, set: set) }
        let report = try SweepRun.run(spec: spec, out: out ?? "", options: o)
        return SweepSource(spec: spec, report: report, folder: out, options: options, frames: collector.frames,
                           layout: collector.layout, sample: collector.sample)
    }

    /// Receives the sweep's training sets as they are computed.
    private final class Collector: @unchecked Sendable {
        let spec: Spec
        let options: BacktestOptions
        var frames = [String: (TrainingFrame, BacktestTask)]()
        var layout: FrameLayout?
        var task: BacktestTask?
        var sample: RowSample?
        /// The training sets the sweep hands over, every one held until the backtest.
        let sets: Int

        init(spec: Spec, options: BacktestOptions, sets: Int) {
            self.spec = spec
            self.options = options
            self.sets = sets
        }

        func take(name: String, set: TrainingSet) throws(VantageError) {
            let layout: FrameLayout
            if let known = self.layout { layout = known } else { layout = try FrameLayout(spec: spec, header: set.header, options: options) }
            self.layout = layout
            let sample = self.sample ?? RowSample.decide(
                options.sample, keys: spec.spine.keys, rowsTotal: set.rowCount,
                estimatedBytes: RowSample.estimate(rows: set.rowCount, columns: layout.keep.count, held: sets),
                budgetBytes: options.memoryBudget)
            self.sample = sample
            let made = try TrainingFrame.make(set: set, name: name, layout: layout, task: task, sample: sample)
            task = made.1
            frames[name] = made
        }
    }

    /// The level names in sweep order.
    var levels: [String] { report.manifest.levels }

    /// The layout, from the first level's header.
    func frameLayout() throws(VantageError) -> FrameLayout {
        if let layout { return layout }
        guard let first = levels.first, let folder else { throw .usage("the sweep has no levels") }
        let made = try FrameLayout(spec: spec, header: try Self.header(path: folder + "/" + first + ".csv"), options: options)
        layout = made
        return made
    }

    /// The frame of the training set at `name` (relative to the sweep folder), parsed once:
    /// from memory when the sweep ran here, else streamed from the CSV, sampled rows only.
    func frame(_ name: String, task: BacktestTask?) throws(VantageError) -> (TrainingFrame, BacktestTask) {
        if let f = frames[name] { return f }
        guard let folder else { throw .usage("no training set \(name) in this sweep") }
        let made = try TrainingFrame.load(path: folder + "/" + name, layout: try frameLayout(), task: task, sample: try sample())
        return made
    }

    /// The rows used: decided from the first training set in memory, else from the row
    /// count in `sweep.json` with the backtest holding at most four sets parsed at once
    /// (the first level, the one being trained, and the two the segments compare).
    func sample() throws(VantageError) -> RowSample {
        if let chosen { return chosen }
        let rows = report.manifest.outputs.first?.rows ?? 0
        let sets = report.manifest.outputs.count + (report.eachView?.values.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.count } } ?? 0)
        let made = RowSample.decide(options.sample, keys: spec.spine.keys, rowsTotal: rows,
                                    estimatedBytes: RowSample.estimate(rows: rows, columns: try frameLayout().keep.count, held: min(sets, 4)),
                                    budgetBytes: options.memoryBudget)
        chosen = made
        return made
    }

    /// The training set's path as recorded: relative to the backtest folder when the
    /// sweep is inside it, so the folder can be moved as a whole; nil when not written
    /// or not kept.
    func relativePath(_ name: String, from out: String) -> String? {
        guard let folder, keepsTrainingSets else { return nil }
        let full = URL(fileURLWithPath: folder + "/" + name).standardizedFileURL.path
        let base = URL(fileURLWithPath: out).standardizedFileURL.path + "/"
        return full.hasPrefix(base) ? String(full.dropFirst(base.count)) : full
    }

    /// The header of a CSV, from its first record only.
    static func header(path: String) throws(VantageError) -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .io(path: path, message: "cannot open the training set; re-run the sweep")
        }
        defer { try? handle.close() }
        var bytes = [UInt8]()
        while let chunk = try? handle.read(upToCount: 65_536), !chunk.isEmpty {
            bytes += chunk
            if let nl = bytes.firstIndex(of: 10) {
                bytes = Array(bytes[...nl])
                break
            }
        }
        return try CSVReader.parse(bytes, file: path, keep: []).header
    }

    /// Spine events per month (30.44 days), from the spine's time span.
    static func eventsPerMonth(times: [Int64]) -> Double {
        guard let lo = times.min(), let hi = times.max(), hi > lo else { return Double(times.count) }
        let months = Double(hi - lo) / 1e6 / (30.436875 * 86_400)
        return Double(times.count) / max(months, 1e-9)
    }
}
