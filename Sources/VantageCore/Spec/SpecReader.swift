import Foundation
import Yams

/// Walks the YAML node tree, keeping the coding path for messages.
struct SpecReader {
    let base: String

    func fail(_ path: String, _ node: Node?, _ message: String) -> VantageError {
        let at = node?.mark.map { " (line \($0.line))" } ?? ""
        return .spec(path: path, message: message + at)
    }

    func checkKeys(_ m: Node.Mapping, allowed: [String], path: String) throws(VantageError) {
        for (k, _) in m {
            let key = k.string ?? ""
            if !allowed.contains(key) {
                let hint = DidYouMean.suggest(key, among: allowed).map { "; did you mean \"\($0)\"?" } ?? ""
                throw fail(path.isEmpty ? key : "\(path).\(key)", k, "unknown key \"\(key)\"\(hint) (allowed: \(allowed.joined(separator: ", ")))")
            }
        }
    }

    func string(_ node: Node?, _ path: String, required: Bool = true) throws(VantageError) -> String? {
        guard let node else {
            if required { throw fail(path, nil, "is required") }
            return nil
        }
        guard case let .scalar(s) = node else { throw fail(path, node, "expected a single value") }
        if s.string == "~" || (s.string == "null" && s.style == .plain) {
            if required { throw fail(path, node, "is required") }
            return nil
        }
        return s.string
    }

    func strings(_ node: Node?, _ path: String, required: Bool = true) throws(VantageError) -> [String]? {
        guard let node else {
            if required { throw fail(path, nil, "is required") }
            return nil
        }
        if case let .scalar(s) = node { return [s.string] }
        guard case let .sequence(seq) = node else { throw fail(path, node, "expected a list like [a, b]") }
        var out = [String]()
        for (i, item) in seq.enumerated() {
            guard let v = try string(item, "\(path)[\(i)]") else { continue }
            out.append(v)
        }
        return out
    }

    func duration(_ node: Node?, _ path: String) throws(VantageError) -> Duration? {
        guard let text = try string(node, path, required: false) else { return nil }
        guard let d = Duration(parsing: text) else {
            throw fail(path, node, "expected a duration like 3d (units s, m, h, d, w, mo), got \"\(text)\"")
        }
        return d
    }

    func level(_ node: Node?, _ path: String) throws(VantageError) -> FreshnessLevel? {
        guard let text = try string(node, path, required: false) else { return nil }
        do {
            return try FreshnessLevel(parsing: text)
        } catch {
            throw fail(path, node, error.description)
        }
    }

    func timeFormat(_ node: Node?, _ path: String) throws(VantageError) -> TimeFormat {
        guard let text = try string(node, path, required: false) else { return .iso8601 }
        guard let f = TimeFormat(rawValue: text) else {
            throw fail(path, node, "expected one of iso8601, epoch_s, epoch_ms, epoch_us, got \"\(text)\"")
        }
        return f
    }

    func resolve(_ p: String) -> String {
        // Absolute paths and URIs (`s3://`, `hdfs://`, `file:/…`) are used as written.
        if p.hasPrefix("/") || Self.hasScheme(p) { return p }
        return base.isEmpty ? p : base + "/" + p
    }

    /// `scheme:` before any `/`, like `s3://bucket/x` or `file:/tmp/x` (not `C:` style).
    static func hasScheme(_ p: String) -> Bool {
        guard let colon = p.firstIndex(of: ":"), colon > p.index(after: p.startIndex) else { return false }
        return p[..<colon].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }
            && p[p.startIndex].isLetter
    }

    func source(_ m: Node.Mapping, _ path: String) throws(VantageError) -> SourceLocation {
        let csv = m["path"], sqlite = m["sqlite"]
        if csv != nil && sqlite != nil { throw fail(path, csv, "give either path or sqlite, not both") }
        let format = try string(m["format"], "\(path).format", required: false)
        if let format, format != "csv", format != "parquet" {
            throw fail("\(path).format", m["format"], "expected csv or parquet, got \"\(format)\"")
        }
        if format != nil, sqlite != nil { throw fail("\(path).format", m["format"], "format applies to path, not to sqlite") }
        if let csv, let p = try string(csv, "\(path).path") {
            return format == "parquet" ? .parquet(path: resolve(p)) : .csv(path: resolve(p))
        }
        guard let sqlite, let sm = sqlite.mapping else {
            throw fail(path, nil, "needs a source: path: file.csv, or sqlite: {database: data.db, table: name}")
        }
        let sp = "\(path).sqlite"
        try checkKeys(sm, allowed: ["database", "table", "query"], path: sp)
        guard let db = try string(sm["database"], "\(sp).database") else { throw fail(sp, sqlite, "needs a database") }
        let table = try string(sm["table"], "\(sp).table", required: false)
        let query = try string(sm["query"], "\(sp).query", required: false)
        switch (table, query) {
        case let (t?, nil): return .sqliteTable(database: resolve(db), table: t)
        case let (nil, q?): return .sqliteQuery(database: resolve(db), query: q)
        default: throw fail(sp, sqlite, "give exactly one of table or query")
        }
    }

    mutating func spec(_ top: Node.Mapping, text: String, path: String) throws(VantageError) -> Spec {
        try checkKeys(top, allowed: ["version", "sources", "spine", "views", "freshness", "value"], path: "")
        var version = 1
        if let v = try string(top["version"], "version", required: false) {
            guard let n = Int(v), n >= 1 else { throw fail("version", top["version"], "expected a whole number like 1, got \"\(v)\"") }
            guard n <= Spec.supportedVersion else {
                throw fail("version", top["version"], "version \(n) is newer than this tool supports (\(Spec.supportedVersion)); upgrade vantage")
            }
            version = n
        }
        guard let spineNode = top["spine"], let sm = spineNode.mapping else { throw fail("spine", top["spine"], "is required: a mapping with path, keys and time") }
        try checkKeys(sm, allowed: ["path", "format", "sqlite", "keys", "time", "time_format", "label"], path: "spine")
        let spine = SpineSpec(
            source: try source(sm, "spine"),
            keys: try strings(sm["keys"], "spine.keys") ?? [],
            time: try string(sm["time"], "spine.time") ?? "",
            timeFormat: try timeFormat(sm["time_format"], "spine.time_format"),
            label: try string(sm["label"], "spine.label", required: false))
        guard let viewsNode = top["views"], case let .sequence(seq) = viewsNode else {
            throw fail("views", top["views"], "is required: a list of feature views")
        }
        let sources = try namedSources(top["sources"])
        var views = [ViewSpec]()
        for (i, node) in seq.enumerated() {
            views.append(try view(node, "views[\(i)]", spine: spine, sources: sources))
        }
        var fresh = FreshnessSpec(levels: [], views: nil)
        if let fnode = top["freshness"] {
            guard let fm = fnode.mapping else { throw fail("freshness", fnode, "expected a mapping with levels and views") }
            try checkKeys(fm, allowed: ["levels", "views", "baseline"], path: "freshness")
            for (i, t) in (try strings(fm["levels"], "freshness.levels", required: false) ?? []).enumerated() {
                do { fresh.levels.append(try FreshnessLevel(parsing: t)) } catch {
                    throw fail("freshness.levels[\(i)]", fm["levels"], error.description)
                }
            }
            fresh.views = try strings(fm["views"], "freshness.views", required: false)
            fresh.baseline = try level(fm["baseline"], "freshness.baseline")
            if let b = fresh.baseline, !fresh.levels.isEmpty, !fresh.levels.contains(where: { $0.isSameSchedule(as: b) }) {
                throw fail("freshness.baseline", fm["baseline"], "\(b.name) is not one of freshness.levels")
            }
        }
        let value = try top["value"].map { node throws(VantageError) in try valueSpec(node) }
        let result = Spec(version: version, text: text, path: path, spine: spine, views: views, freshness: fresh, value: value)
        try SpecValidator.validate(result)
        return result
    }

    func number(_ node: Node?, _ path: String) throws(VantageError) -> Double? {
        guard let text = try string(node, path, required: false) else { return nil }
        guard let v = Double(text), v.isFinite else { throw fail(path, node, "expected a number, got \"\(text)\"") }
        return v
    }

    func valueSpec(_ node: Node) throws(VantageError) -> ValueSpec {
        guard let m = node.mapping else { throw fail("value", node, "expected a mapping with positive_value, false_alarm_cost, operating_point and monthly_cost") }
        try checkKeys(m, allowed: ["positive_value", "false_alarm_cost", "operating_point", "error_cost", "monthly_cost", "currency"], path: "value")
        var positive: ValueSpec.Amount?
        if let text = try string(m["positive_value"], "value.positive_value", required: false) {
            positive = Double(text).map { .constant($0) } ?? .column(text)
        }
        let point = try number(m["operating_point"], "value.operating_point") ?? 0.01
        guard point > 0, point <= 1 else { throw fail("value.operating_point", m["operating_point"], "expected a share of events in (0, 1], like 0.01 for the top 1 %") }
        var costs = [String: Double]()
        if let cm = m["monthly_cost"] {
            guard let mm = cm.mapping else { throw fail("value.monthly_cost", cm, "expected a mapping from level to cost per month, like {realtime: 20000, cadence-1d: 500}") }
            for (k, v) in mm {
                let level = k.string ?? ""
                do { _ = try FreshnessLevel(parsing: level) } catch {
                    throw fail("value.monthly_cost.\(level)", k, error.description)
                }
                costs[level] = try number(v, "value.monthly_cost.\(level)") ?? 0
            }
        }
        return ValueSpec(positiveValue: positive, falseAlarmCost: try number(m["false_alarm_cost"], "value.false_alarm_cost") ?? 0,
                         operatingPoint: point, errorCost: try number(m["error_cost"], "value.error_cost"),
                         monthlyCost: costs, currency: try string(m["currency"], "value.currency", required: false) ?? "$")
    }

    /// A file named once under `sources:` for several views: where it is, its time column
    /// and time format. A view that says `source: name` takes these (its own `time` and
    /// `time_format`, when given, win).
    struct NamedSource {
        var location: SourceLocation
        var time: String?
        var timeFormat: TimeFormat?
    }

    func namedSources(_ node: Node?) throws(VantageError) -> [String: NamedSource] {
        guard let node else { return [:] }
        guard let m = node.mapping else { throw fail("sources", node, "expected a mapping of names to {path, format, time, time_format}") }
        var out = [String: NamedSource]()
        for (key, entry) in m {
            let name = key.string ?? ""
            let path = "sources.\(name)"
            guard let sm = entry.mapping else { throw fail(path, entry, "expected a mapping with path (or sqlite), format, time and time_format") }
            try checkKeys(sm, allowed: ["path", "sqlite", "format", "time", "time_format"], path: path)
            // `format` (csv or parquet, with path) is read by `source` itself.
            let location = try source(sm, path)
            out[name] = NamedSource(location: location, time: try string(sm["time"], "\(path).time", required: false),
                                    timeFormat: sm["time_format"] == nil ? nil : try timeFormat(sm["time_format"], "\(path).time_format"))
        }
        return out
    }

    func view(_ node: Node, _ path: String, spine: SpineSpec, sources: [String: NamedSource] = [:]) throws(VantageError) -> ViewSpec {
        guard let m = node.mapping else { throw fail(path, node, "expected a mapping with name, kind, path, keys and time") }
        let kindText = try string(m["kind"], "\(path).kind", required: false) ?? "lookup"
        guard let kind = ViewSpec.Kind(rawValue: kindText) else {
            throw fail("\(path).kind", m["kind"], "expected lookup or aggregate, got \"\(kindText)\"")
        }
        let common = ["name", "kind", "source", "path", "format", "sqlite", "keys", "spine_keys", "time", "time_format", "delay", "freshness"]
        let own = kind == .lookup ? ["created", "features", "ttl"] : ["aggregations"]
        try checkKeys(m, allowed: common + own, path: path)
        let keys = try strings(m["keys"], "\(path).keys") ?? []
        let spineKeys = try strings(m["spine_keys"], "\(path).spine_keys", required: false) ?? keys
        var aggregations = [AggregationSpec]()
        if kind == .aggregate {
            guard let anode = m["aggregations"], case let .sequence(aseq) = anode else {
                throw fail("\(path).aggregations", m["aggregations"], "is required for an aggregate view: a list like [{function: count, windows: [1h]}]")
            }
            for (j, a) in aseq.enumerated() { aggregations.append(try aggregation(a, "\(path).aggregations[\(j)]")) }
        }
        let name = try string(m["name"], "\(path).name") ?? ""
        // The name becomes a folder name (each-view/<view>/) and a column prefix.
        if !name.isEmpty && !PlainName.isPlain(name) {
            throw fail("\(path).name", m["name"], "view name \"\(name)\" must be a plain name: \(PlainName.rule)")
        }
        var named: NamedSource?
        if let sourceNode = m["source"], let sourceName = try string(sourceNode, "\(path).source") {
            guard m["path"] == nil && m["sqlite"] == nil && m["format"] == nil else {
                throw fail("\(path).source", sourceNode, "give either source (a name under sources:) or path/sqlite, not both")
            }
            guard let found = sources[sourceName] else {
                let hint = DidYouMean.suggest(sourceName, among: sources.keys.sorted()).map { "; did you mean \"\($0)\"?" } ?? ""
                throw fail("\(path).source", sourceNode, "no source \"\(sourceName)\" under sources:\(hint)")
            }
            named = found
        }
        let location: SourceLocation
        if let named { location = named.location } else { location = try source(m, path) }
        let time: String
        if let t = try string(m["time"], "\(path).time", required: named?.time == nil) { time = t } else { time = named?.time ?? "" }
        let format: TimeFormat
        if m["time_format"] == nil, let f = named?.timeFormat { format = f } else { format = try timeFormat(m["time_format"], "\(path).time_format") }
        return ViewSpec(
            name: name,
            kind: kind,
            source: location,
            keys: keys,
            spineKeys: spineKeys,
            time: time,
            timeFormat: format,
            created: kind == .lookup ? try string(m["created"], "\(path).created", required: false) : nil,
            features: kind == .lookup ? (try strings(m["features"], "\(path).features") ?? []) : [],
            ttl: kind == .lookup ? try duration(m["ttl"], "\(path).ttl") : nil,
            delay: try duration(m["delay"], "\(path).delay") ?? Duration(length: .micros(0), text: "0"),
            freshness: try level(m["freshness"], "\(path).freshness") ?? .realtime,
            aggregations: aggregations)
    }

    func aggregation(_ node: Node, _ path: String) throws(VantageError) -> AggregationSpec {
        guard let m = node.mapping else { throw fail(path, node, "expected a mapping like {function: sum, column: amount, windows: [1h]}") }
        try checkKeys(m, allowed: ["function", "column", "windows"], path: path)
        let ftext = try string(m["function"], "\(path).function") ?? ""
        guard let function = AggregateFunction(rawValue: ftext) else {
            let names = AggregateFunction.allCases.map(\.rawValue)
            let hint = DidYouMean.suggest(ftext, among: names).map { "; did you mean \"\($0)\"?" } ?? ""
            throw fail("\(path).function", m["function"], "unknown function \"\(ftext)\"\(hint) (one of \(names.joined(separator: ", ")))")
        }
        let column = try string(m["column"], "\(path).column", required: false)
        if function.takesColumn && column == nil { throw fail("\(path).column", node, "\(ftext) needs a column") }
        if !function.takesColumn && column != nil { throw fail("\(path).column", m["column"], "\(ftext) takes no column") }
        var windows = [Window]()
        for (k, w) in (try strings(m["windows"], "\(path).windows") ?? []).enumerated() {
            if w == "lifetime" { windows.append(.lifetime); continue }
            guard let d = Duration(parsing: w), !d.isZero else {
                throw fail("\(path).windows[\(k)]", m["windows"], "expected a positive duration like 30s, 1h, 1mo or lifetime, got \"\(w)\"")
            }
            windows.append(.duration(d))
        }
        if windows.isEmpty { throw fail("\(path).windows", node, "needs at least one window") }
        return AggregationSpec(function: function, column: column, windows: windows)
    }
}
