// Same scenario, events and seed → byte-identical files; another seed → other
// files; bad arguments → the exact error, and nothing written.
import Foundation
import Testing

@testable import VantageDatasets

@Suite("Determinism and arguments")
struct DeterminismTests {
    @Test(arguments: Scenario.allCases)
    func sameSeedSameBytes(scenario: Scenario) throws {
        let first = temporaryDirectory("\(scenario.rawValue)-a")
        let second = temporaryDirectory("\(scenario.rawValue)-b")
        let other = temporaryDirectory("\(scenario.rawValue)-c")
        let a = try generate(scenario, events: 10_000, seed: 42, into: first)
        let b = try generate(scenario, events: 10_000, seed: 42, into: second)
        _ = try generate(scenario, events: 10_000, seed: 43, into: other)
        #expect(a.tables == b.tables)
        let names = try fileNames(first)
        #expect(names == (a.tables.map(\.name) + ["spec.yaml"]).sorted())
        #expect(try fileNames(second) == names)
        for name in names {
            let x = try Data(contentsOf: first.appendingPathComponent(name))
            let y = try Data(contentsOf: second.appendingPathComponent(name))
            #expect(x == y, "\(scenario.rawValue)/\(name) differs between two runs of seed 42")
        }
        let spine = try Data(contentsOf: first.appendingPathComponent(scenario.spineFile))
        let otherSpine = try Data(contentsOf: other.appendingPathComponent(scenario.spineFile))
        #expect(spine != otherSpine, "seeds 42 and 43 gave the same spine")
    }

    @Test func regenerationReplacesFilesAndKeepsOthers() throws {
        let directory = temporaryDirectory("replace")
        try _prepareDirectory(directory)
        try Data("mine".utf8).write(to: directory.appendingPathComponent("notes.txt"))
        try Data("stale".utf8).write(to: directory.appendingPathComponent("transactions.csv"))
        let result = try generate(.fraud, events: 2_000, seed: 1, into: directory)
        #expect(try String(contentsOf: directory.appendingPathComponent("notes.txt"), encoding: .utf8) == "mine")
        #expect(try ReadTable(directory, "transactions.csv").rows.count == 2_000)
        #expect(try fileNames(directory) == ["card_profile.csv", "merchant_risk.csv", "notes.txt", "spec.yaml", "transactions.csv"])
        #expect(result.specURL == directory.appendingPathComponent("spec.yaml"))
    }

    @Test func progressRisesToOne() throws {
        var seen: [Double] = []
        _ = try generate(.erWait, events: 2_000, seed: 1, into: temporaryDirectory("progress")) { seen.append($0) }
        #expect(seen.first == 0)
        #expect(seen.last == 1)
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test(arguments: [999, 200_000_001, -5])
    func eventsOutOfRange(events: Int) {
        let directory = temporaryDirectory("range")
        #expect(throws: DatasetsError.eventsOutOfRange(events, supported: 1_000...200_000_000)) {
            try generate(.fraud, events: events, seed: 1, into: directory)
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path))
    }

    @Test func outputPathIsAFile() throws {
        let directory = temporaryDirectory("file")
        try _prepareDirectory(directory)
        let file = directory.appendingPathComponent("taken")
        try Data().write(to: file)
        #expect(throws: DatasetsError.notADirectory(path: file.path)) {
            try generate(.credit, events: 1_000, seed: 1, into: file)
        }
    }

    @Test func scenarioNames() throws {
        #expect(try Scenario.named("er-wait") == .erWait)
        #expect(try Scenario.named("Fraud") == .fraud)
        #expect(throws: DatasetsError.unknownScenario("frud", suggestion: "fraud")) { try Scenario.named("frud") }
        #expect(throws: DatasetsError.unknownScenario("er_wait", suggestion: "er-wait")) { try Scenario.named("er_wait") }
        #expect(throws: DatasetsError.unknownScenario("weather", suggestion: nil)) { try Scenario.named("weather") }
        #expect(DatasetsError.unknownScenario("frud", suggestion: "fraud").description
            == "unknown scenario \"frud\"; did you mean \"fraud\"? (scenarios: fraud, credit, er-wait)")
        #expect(Scenario.allCases.map(\.rawValue) == ["fraud", "credit", "er-wait"])
        #expect(Scenario.fraud.generateCommand(out: "datasets/fraud", events: 40_000, seed: 7)
            == "vantage datasets generate fraud --out datasets/fraud --events 40000 --seed 7")
    }
}
