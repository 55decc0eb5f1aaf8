/// `report.html`: one self-contained page (inline CSS, charts as inline SVG, no
/// scripts, no network), with a Content-Security-Policy that forbids scripts and
/// remote loads, so even a name that slipped through escaping could not run.
enum HTMLReport {
    static func render(_ c: ReportContent) -> String {
        let m = c.model, h = c.headline
        var o = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        o += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
        o += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        o += "<meta name=\"generator\" content=\"vantage \(Escape.html(m.result.version))\">\n"
        o += "<title>\(Escape.html(c.title))</title>\n<style>\n\(HTMLStyle.css)\n</style>\n</head>\n<body>\n<main>\n"
        o += "<header>\n<h1>Would real-time features pay off?</h1>\n<p class=\"sub\">\(Escape.html(m.subtitle))</p>\n"
        o += "<nav><a href=\"#verdict\">Verdict</a><a href=\"#charts\">Charts</a><a href=\"#results\">Figures</a><a href=\"#run\">Data and provenance</a></nav>\n</header>\n"
        o += verdict(h)
        o += "<section id=\"charts\">\n<h2>Charts</h2>\n"
        for (i, chart) in c.charts.enumerated() {
            o += "<figure id=\"chart-\(chart.file.replacingOccurrences(of: ".svg", with: ""))\">\n\(chart.inline)"
            o += "<figcaption><strong>Figure \(i + 1). \(Escape.html(chart.title)).</strong> \(Escape.html(chart.caption)) "
            o += "(<a href=\"\(Escape.html(chart.file))\">\(Escape.html(chart.file))</a>)</figcaption>\n</figure>\n"
        }
        o += "</section>\n<section id=\"results\">\n<h2>Figures behind the charts</h2>\n"
        for t in c.resultTables { o += table(t) }
        if !m.result.verdicts.isEmpty {
            o += "<h3>As the backtest reported it</h3>\n<ul>\n"
            for v in m.result.verdicts { o += "<li>\(Escape.html(v))</li>\n" }
            o += "</ul>\n"
        }
        o += "</section>\n<section id=\"run\">\n<h2>Data, model and provenance</h2>\n"
        for t in c.runTables { o += table(t) }
        o += "<h3 id=\"spec\">Spec</h3>\n<p class=\"note\">\(Escape.html(m.result.provenance.spec.path)), SHA-256 \(Escape.html(m.result.provenance.spec.sha256))</p>\n"
        o += "<pre>\(Escape.html(m.result.provenance.spec.text))</pre>\n</section>\n"
        o += "<footer>Written by \(Escape.html(m.result.tool)) \(Escape.html(m.result.version)). "
        o += "The charts are also beside this file as SVG; the notebook <a href=\"\(Escape.html(Escape.urlPath(c.notebookFile)))\">\(Escape.html(c.notebookFile))</a> "
        o += "rebuilds every table and chart from the run's data.</footer>\n</main>\n</body>\n</html>\n"
        return o
    }

    static func verdict(_ h: Headline) -> String {
        var o = "<section id=\"verdict\" class=\"verdict \(h.invest ? "invest" : "hold")\">\n"
        o += "<p class=\"answer\">\(Escape.html(h.answer))</p>\n"
        if !h.levels.isEmpty {
            o += "<ul>\n" + h.levels.map { "<li>\(Escape.html($0))</li>\n" }.joined() + "</ul>\n"
        }
        if !h.views.isEmpty {
            o += "<p><strong>Per candidate view</strong></p>\n<ul>\n" + h.views.map { "<li>\(Escape.html($0))</li>\n" }.joined() + "</ul>\n"
        }
        if let v = h.value { o += "<p>\(Escape.html(v))</p>\n" }
        return o + "</section>\n"
    }

    static func table(_ t: ReportTable) -> String {
        var o = "<h3 id=\"table-\(Escape.html(t.id))\">\(Escape.html(t.title))</h3>\n"
        if let note = t.note { o += "<p class=\"note\">\(Escape.html(note))</p>\n" }
        return o + "<div class=\"tablewrap\">\n" + TableText.html(t) + "</div>\n"
    }
}
