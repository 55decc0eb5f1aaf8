import VantageBacktest

/// The figures behind the charts and the facts a reader needs to reproduce the run,
/// as tables. The notebook rebuilds each one by its `id` (`NotebookPython`).
enum ReportTables {
    static func build(_ m: ReportModel) -> [ReportTable] {
        var out = [metrics(m), uplift(m)]
        if let a = attribution(m) { out.append(a) }
        if let s = segments(m) { out.append(s) }
        if let v = value(m) { out.append(v) }
        out.append(profile(m))
        out.append(importance(m))
        if let f = folds(m) { out.append(f) }
        out += [data(m), model(m), provenance(m), inputs(m)]
        return out
    }

    static func metrics(_ m: ReportModel) -> ReportTable {
        let names = MetricInfo.ordered(Set(m.levels.flatMap { $0.metrics.keys }), headline: m.metric)
        let rows = m.levels.map { l in
            [l.level, m.freshnessText(l.level)] + names.map { n in l.metrics[n].map { m.metricText(n, $0) } ?? "" }
        }
        return ReportTable(id: "metrics", title: "Metrics per level",
                           note: "Test-period metrics with 95% bootstrap intervals, freshest level first (chart 1). "
                               + names.map { "\(MetricInfo.display($0)): \(MetricInfo.meaning($0))." }.joined(separator: " "),
                           columns: ["level", "freshness"] + names.map(MetricInfo.display),
                           numeric: [false, false] + names.map { _ in true }, rows: rows)
    }

    static func uplift(_ m: ReportModel) -> ReportTable {
        let n = m.result.comparisons.map { " Significance is decided on p-values adjusted (Holm) for the \($0) comparisons of the run; the intervals are per comparison." } ?? ""
        return ReportTable(id: "uplift", title: "Uplift over the baseline",
                           note: "Paired-bootstrap difference against \(m.result.baseline); positive means the fresher level is better."
                               + (m.result.baselineReason.map { " Baseline: \($0)." } ?? "") + n
                               + " Seed sd: spread of the uplift over models trained with other seeds (training noise).",
                           columns: ["level", "baseline", "metric", "uplift", "95% CI", "seed sd", "p (Holm)", "significant"],
                           numeric: [false, false, false, true, true, true, true, false],
                           rows: m.result.uplift.map(upliftRow(m)))
    }

    static func attribution(_ m: ReportModel) -> ReportTable? {
        guard let a = m.result.attribution, !a.isEmpty else { return nil }
        let base = m.result.baseline
        return ReportTable(id: "attribution", title: "Attribution: each view alone, and all but it",
                           note: "alone: the view at the level, the other candidate views at \(base), the rest at their production freshness, "
                               + "against everything at \(base). all but: every candidate view at the level, against the same with this view "
                               + "held at \(base) (what is lost by not making it fresh). Overlapping views each gain alone but little in all-but (chart 2).",
                           columns: ["view", "mode", "level", "baseline", "metric", "uplift", "95% CI", "seed sd", "p (Holm)", "significant"],
                           numeric: [false, false, false, false, false, true, true, true, true, false],
                           rows: a.map { [$0.view ?? "", $0.mode == "all_but" ? "all but" : "alone"] + upliftRow(m)($0) })
    }

    static func segments(_ m: ReportModel) -> ReportTable? {
        guard let segs = m.result.segments, !segs.isEmpty else { return nil }
        let level = segs[0].level
        let d = m.decimals
        return ReportTable(id: "segments", title: "Where the uplift comes from",
                           note: "The uplift of \(level) over \(m.result.baseline) on subsets of the test rows. changed: rows whose candidate "
                               + "features differ between the two levels (elsewhere freshness cannot help). history: how many candidate "
                               + "features have a value (not empty, not 0) at \(m.result.baseline): none, short (fewer than the median), long. "
                               + "Subsets under 30 rows or with one class have no uplift.",
                           columns: ["by", "subset", "rows", "positives", "uplift", "95% CI"],
                           numeric: [false, false, true, true, true, true],
                           rows: segs.map { s in
                               [s.by, s.value, NumberText.fixed(Double(s.rows), 0, grouped: true), s.positives.map { String($0) } ?? "",
                                s.delta.map { NumberText.signed($0, d) } ?? "", s.ci.map { NumberText.interval($0, d, signed: true) } ?? ""]
                           })
    }

    private static func upliftRow(_ m: ReportModel) -> (Uplift) -> [String] {
        { u in
            let d = u.metric == m.metric ? m.decimals : MetricInfo.decimals(u.metric, typical: 1)
            return [u.level, u.baseline, MetricInfo.display(u.metric), NumberText.signed(u.delta, d),
                    NumberText.interval(u.ci, d, signed: true), u.seedSD.map { NumberText.fixed($0, d) } ?? "",
                    u.pAdjusted.map { NumberText.fixed($0, 3) } ?? "", u.significant ? "yes" : "no"]
        }
    }

    static func value(_ m: ReportModel) -> ReportTable? {
        guard let v = m.result.value else { return nil }
        let rows = m.levels.compactMap { l -> [String]? in
            guard let lv = l.value else { return nil }
            return [l.level, NumberText.fixed(lv.per1000Events, 2, grouped: true), Money.plain(lv.perMonth),
                    Money.plain(lv.infrastructurePerMonth), Money.plain(lv.netPerMonth),
                    lv.netUpliftPerMonth.map(Money.signed) ?? "", lv.netUpliftCI.map(Money.interval) ?? ""]
        }
        return ReportTable(id: "value", title: "Value per level",
                           note: "\(v.description) Events per month: \(NumberText.fixed(v.eventsPerMonth, 0, grouped: true)); best level: \(v.bestLevel).",
                           columns: ["level", "per 1,000 events", "per month", "infrastructure per month", "net per month",
                                     "net uplift per month", "95% CI"],
                           numeric: [false, true, true, true, true, true, true], rows: rows)
    }

    static func profile(_ m: ReportModel) -> ReportTable {
        let rows = m.result.profile.map { p -> [String] in
            let ages = p.ageSeconds.map { [$0.min, $0.p50, $0.p90, $0.p99, $0.max].map(TimeText.age) }
                ?? Array(repeating: "", count: 5)
            return [p.view, p.level, p.coverageRows.map { NumberText.percent($0) } ?? "", NumberText.percent(p.coverageWindows)] + ages
                + [NumberText.count(p.changedVsRealtime)]
        }
        return ReportTable(id: "profile", title: "Freshness profile",
                           note: "Per view and level: the share of rows with any value (at least one of the view's columns holds a value), "
                               + "the share of non-empty windows (of every aggregation × window cell; for a lookup the same as rows), "
                               + "age of the values used (t − τ), and rows that differ from realtime (charts 3 and 4).",
                           columns: ["view", "level", "rows with any value", "non-empty windows", "age min", "age p50", "age p90", "age p99",
                                     "age max", "changed vs realtime"],
                           numeric: [false, false, true, true, true, true, true, true, true, true], rows: rows)
    }

    static func importance(_ m: ReportModel) -> ReportTable {
        let panels = ImportancePanels(m)
        var features = [String](), seen = Set<String>()
        for p in panels.levels { for f in p.importance where seen.insert(f.feature).inserted { features.append(f.feature) } }
        let rows = features.map { f in
            [f] + panels.levels.map { l in l.importance.first { $0.feature == f }.map { NumberText.fixed($0.importance, 4) } ?? "" }
        }
        return ReportTable(id: "importance", title: "Feature importance at the freshest and the stalest level",
                           note: "\(m.result.model.name == "gbdt" ? "Total gain" : "Standardised coefficient") per feature (chart 5).",
                           columns: ["feature"] + panels.levels.map(\.level),
                           numeric: [false] + panels.levels.map { _ in true }, rows: rows)
    }

    static func folds(_ m: ReportModel) -> ReportTable? {
        guard let ranges = m.result.split.foldRanges, ranges.count > 1 else { return nil }
        let rows = ranges.enumerated().map { i, f -> [String] in
            [String(i + 1), f.trainEnd, f.testStart, f.testEnd, NumberText.count(f.trainRows), NumberText.count(f.testRows)]
                + m.levels.map { l in
                    guard let fm = l.foldMetrics, i < fm.count, let v = fm[i][m.metric] else { return "" }
                    return NumberText.fixed(v, m.decimals)
                }
        }
        return ReportTable(id: "folds", title: "Walk-forward folds",
                           note: "\(m.metricName) per fold and level (expanding training window).",
                           columns: ["fold", "train end", "test start", "test end", "train rows", "test rows"] + m.levels.map(\.level),
                           numeric: [true, false, false, false, true, true] + m.levels.map { _ in true }, rows: rows)
    }

    static func data(_ m: ReportModel) -> ReportTable {
        let r = m.result, d = r.data, s = r.split
        let rate = r.task == "binary" ? NumberText.percent(d.labelRate, 2) : NumberText.fixed(d.labelRate, 3)
        let testRate = r.task == "binary" ? NumberText.percent(d.testLabelRate, 2) : NumberText.fixed(d.testLabelRate, 3)
        // The sample, only when rows were left out (`--sample`, or the memory budget).
        let sampled: [[String]] = r.sample.map { x in
            x.fraction < 1 ? [["sample", "\(x.rowsUsed) of \(x.rowsTotal) rows, by \(x.by.joined(separator: ", ")): \(x.reason)"]] : []
        } ?? []
        let rows: [[String]] = [
            ["label", r.label], ["time column", r.time], ["task", r.task],
            ["rows", NumberText.count(d.rows)]] + sampled + [["time range", "\(d.timeMin) to \(d.timeMax)"],
            [r.task == "binary" ? "label rate" : "mean label", rate],
            [r.task == "binary" ? "label rate (test)" : "mean label (test)", testRate],
            ["train end", s.trainEnd], ["test start", s.testStart], ["gap", s.gap], ["folds", String(s.folds)],
            ["train rows", NumberText.count(s.trainRows)], ["test rows", NumberText.count(s.testRows)],
            ["features (\(r.features.count))", r.features.joined(separator: ", ")],
        ]
        return ReportTable(id: "data", title: "Data and split",
                           note: "Out-of-time split: train on t < train end, test on t ≥ test start.",
                           columns: ["field", "value"], numeric: [false, false], rows: rows)
    }

    static func model(_ m: ReportModel) -> ReportTable {
        let p = m.result.model.parameters
        let rows = [["model", m.result.model.name]] + p.keys.sorted().map { [$0, p[$0]?.description ?? ""] }
        return ReportTable(id: "model", title: "Model", note: "Every parameter the model was trained with.",
                           columns: ["parameter", "value"], numeric: [false, false], rows: rows)
    }

    static func provenance(_ m: ReportModel) -> ReportTable {
        let r = m.result, p = r.provenance
        let rows: [[String]] = [
            ["tool", "\(r.tool) \(r.version)"], ["run id", r.runID.map(String.init) ?? "not recorded"],
            ["spec", p.spec.path], ["spec SHA-256", p.spec.sha256], ["sweep", p.sweep], ["seed", String(p.seed)],
        ]
        return ReportTable(id: "provenance", title: "Provenance", note: "What the run read, to reproduce it.",
                           columns: ["field", "value"], numeric: [false, false], rows: rows)
    }

    static func inputs(_ m: ReportModel) -> ReportTable {
        let rows = m.result.provenance.inputs.map { i in
            [i.role, i.source, NumberText.count(i.rows), i.bytes.map(NumberText.count) ?? "", i.sha256 ?? "",
             i.droppedRows.map(NumberText.count) ?? ""]
        }
        return ReportTable(id: "inputs", title: "Inputs", note: "Every input file with its SHA-256.",
                           columns: ["role", "source", "rows", "bytes", "SHA-256", "dropped rows"],
                           numeric: [false, false, true, true, false, true], rows: rows)
    }
}

/// The levels whose importance the report shows: the freshest and the stalest (one
/// when they are the same level).
struct ImportancePanels {
    let levels: [LevelResult]

    init(_ m: ReportModel) {
        var ls = [LevelResult]()
        if let f = m.freshest { ls.append(f) }
        if let s = m.stalest, s.level != m.freshest?.level { ls.append(s) }
        levels = ls
    }
}
