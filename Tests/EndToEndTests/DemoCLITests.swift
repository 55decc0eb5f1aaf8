import Foundation
import Testing

/// `vantage demo` end to end, and the exported notebook in notebooks-export/ is what the
/// demo writes today (no dates, durations or machine paths in it, so it is reproducible).
@Suite("vantage demo and the exported notebook")
struct DemoCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test func demoWritesReportAndExportedNotebookIsUpToDate() throws {
        let w = try Workspace([:])
        let r = try CLI.run(["demo", "--out", "\(w.dir)/demo", "--store", "\(w.dir)/runs.sqlite",
                             "--export-notebook", "\(w.dir)/fraud-demo.ipynb"], in: Self.root)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("realtime vs cadence-1d: ROC-AUC +"))
        #expect(r.stdout.contains("best value:"))
        for f in ["backtest.json", "report/report.html", "report/report.md", "report/fraud-demo.ipynb", "report/metric.svg",
                  "sweep/sweep.json", "sweep/each-view/txn/alone/realtime.csv", "sweep/each-view/txn/all_but/realtime.csv"] {
            #expect(w.exists("demo/\(f)"), "\(f)")
        }
        let list = try CLI.run(["runs", "list", "--store", "\(w.dir)/runs.sqlite"])
        #expect(list.stdout.contains("backtest"))
        let fresh = try w.read("fraud-demo.ipynb")
        let committed = try String(contentsOfFile: Self.root + "/notebooks-export/fraud-demo.ipynb", encoding: .utf8)
        #expect(fresh == committed,
                "notebooks-export/fraud-demo.ipynb is out of date: regenerate it with 'swift run -c release vantage demo --export-notebook notebooks-export/fraud-demo.ipynb'")
        let again = try CLI.run(["report", "--run", "1", "--store", "\(w.dir)/runs.sqlite", "--out", "\(w.dir)/again", "--quiet"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(w.exists("again/report.html"))
    }
}
