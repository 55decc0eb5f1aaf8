// The committed copies under datasets/<name>/ are exactly what the documented
// command writes (every file but README.md, byte for byte, and no file missing or
// extra), and each README states that command and the true row counts and time
// ranges. To re-record after a deliberate generator change, run the command in
// each README (`vantage datasets generate <name> --out datasets/<name> ...`).
import Foundation
import Testing

@testable import VantageDatasets

@Suite("Committed copies")
struct CommittedCopyTests {
    @Test(arguments: Scenario.allCases)
    func equalsAFreshGeneration(scenario: Scenario) throws {
        let committed = repositoryRoot.appendingPathComponent(scenario.committedFolder)
        try #require(FileManager.default.fileExists(atPath: committed.path), "missing \(scenario.committedFolder)")
        let fresh = temporaryDirectory("committed-\(scenario.rawValue)")
        let generated = try generate(
            scenario, events: scenario.committedEvents, seed: Scenario.committedSeed, into: fresh)
        let committedNames = try fileNames(committed).filter { $0 != "README.md" && $0 != ServedLogGenerator.fileName }
        #expect(committedNames == (try fileNames(fresh)))
        for name in committedNames {
            let a = try Data(contentsOf: committed.appendingPathComponent(name))
            let b = try Data(contentsOf: fresh.appendingPathComponent(name))
            #expect(a == b, "\(scenario.committedFolder)/\(name) differs from a fresh generation")
        }

        let readme = try String(contentsOf: committed.appendingPathComponent("README.md"), encoding: .utf8)
        let command = scenario.generateCommand(
            out: scenario.committedFolder, events: scenario.committedEvents, seed: Scenario.committedSeed)
        #expect(readme.contains(command), "the README must give the exact command: \(command)")
        for table in generated.tables {
            let row = "| `\(table.name)` | \(grouped(table.rows)) | \(table.firstTime ?? "") | \(table.lastTime ?? "") |"
            #expect(readme.contains(row), "README row for \(table.name): \(row)")
        }
        let total = try committedNames.reduce(0) { sum, name in
            sum + ((try FileManager.default.attributesOfItem(atPath: committed.appendingPathComponent(name).path)[.size] as? Int) ?? 0)
        }
        #expect(total <= 6 * 1_048_576, "\(scenario.committedFolder) is \(total) bytes; keep committed copies to a few MB")
    }
}

/// `40000` as `40,000`.
func grouped(_ value: Int) -> String {
    let digits = Array(String(value))
    var text = ""
    for (i, digit) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { text += "," }
        text.append(digit)
    }
    return text
}
