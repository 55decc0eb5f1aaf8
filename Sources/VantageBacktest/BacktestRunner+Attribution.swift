import VantageCore
import VantageModels

extension BacktestRunner {
    /// Attribution of the uplift to each candidate view, in both modes (see `Uplift`):
    /// `alone` compares "the view at L, other candidates at the baseline" with the
    /// baseline; `all_but` compares "every candidate at L" with "every candidate at L but
    /// this view at the baseline". Read from the sweep's `each-view/<view>/<mode>/` sets.
    static func attribute(source: SweepSource, levels: [String], baseline: String, base: TrainingFrame, split: TimeSplit,
                          task: BacktestTask, model: ModelSpec, metrics: [Metric], labels: [Double],
                          bootstrap: PairedBootstrap, predictions: [String: [Double]],
                          progress: (@Sendable (String) -> Void)?) throws(VantageError) -> [Uplift] {
        guard let each = source.report.eachView, !each.isEmpty else {
            throw .usage("--each-view needs a sweep made with --each-view (no each-view/ files in \(source.folder ?? "the sweep"))")
        }
        if let made = source.report.eachViewBaseline, made != baseline {
            throw .usage("the sweep's each-view files hold the other views at \(made), not at the baseline \(baseline): "
                         + "re-run the sweep with this baseline, or backtest with --baseline \(made)")
        }
        let candidates = source.spec.candidateViews
        var out = [Uplift]()
        for view in each.keys.sorted() {
            guard let modes = each[view] else { continue }
            for level in levels where level != baseline {
                for mode in ["alone", "all_but"] {
                    let preds: [Double]
                    if candidates == [view] {
                        // One candidate: alone at L is the level's own set; all but it is the baseline's.
                        preds = (mode == "alone" ? predictions[level] : predictions[baseline]) ?? []
                    } else {
                        guard let file = modes[mode]?[level] else { continue }
                        progress?("attribution: \(view) \(mode) at \(level)")
                        var clock = Stopwatch()
                        preds = try evaluate(frame: try source.frame(file, task: task).0, base: base, split: split,
                                             task: task, model: model, metrics: metrics, fitClock: &clock).0
                    }
                    let (a, b) = mode == "alone" ? (preds, predictions[baseline] ?? []) : (predictions[level] ?? [], preds)
                    out.append(try compare(level: level, baseline: baseline, labels: labels, a: a, b: b, metric: metrics[0],
                                           bootstrap: bootstrap, view: view, mode: mode, file: base.path))
                }
            }
        }
        return out
    }
}
