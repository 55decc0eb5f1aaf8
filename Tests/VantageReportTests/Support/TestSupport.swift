import Foundation
import VantageBacktest
@testable import VantageReport

/// A fresh folder under the system temporary directory, removed by the caller.
func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "vantage-report-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

extension RenderedReport {
    /// A file's bytes as text ("" when absent).
    func text(_ name: String) -> String {
        file(name).map { String(decoding: $0.bytes, as: UTF8.self) } ?? ""
    }

    var svgNames: [String] { files.map(\.name).filter { $0.hasSuffix(".svg") } }
}

func render(_ result: BacktestResult, name: String = "fraud") throws -> RenderedReport {
    try ReportWriter.render(result, notebookName: name)
}
