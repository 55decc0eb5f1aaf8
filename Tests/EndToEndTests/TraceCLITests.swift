import Foundation
import Testing

@Suite("VANTAGE_TRACE stage timings")
struct TraceCLITests {
    /// Every trace line reads `[ N ms] stage` with N neither negative nor wrapped around
    /// (an unsigned difference once printed 18446744073709.6 ms for the first stage).
    @Test func traceLinesShowSmallNonNegativeTimes() throws {
        let w = try Workspace(sampleFiles)
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["join", "spec.yaml", "--out", "train.csv", "--quiet"]
        p.currentDirectoryURL = URL(fileURLWithPath: w.dir)
        var env = ProcessInfo.processInfo.environment
        env["VANTAGE_TRACE"] = "1"
        p.environment = env
        let err = Pipe()
        p.standardError = err
        p.standardOutput = Pipe()
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(text)")
        let lines = text.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let inside = line.dropFirst().prefix { $0 != "]" }.replacingOccurrences(of: "ms", with: "")
            let ms = try #require(Double(inside.trimmingCharacters(in: .whitespaces)), "\(line)")
            #expect(ms >= 0 && ms < 600_000, "\(line)")
        }
    }
}
