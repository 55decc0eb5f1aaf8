// Each committed datasets/<name>/served.csv is exactly what ServedLogGenerator writes
// from the committed scenario, and the README states what was planted and the command
// that re-creates the file (`vantage datasets served <name> --dir datasets/<name> ...`).
import Foundation
import Testing
import VantageCore

@testable import VantageDatasets

@Suite("Committed served logs")
struct CommittedServedLogTests {
    @Test(arguments: Scenario.allCases)
    func equalsAFreshGeneration(scenario: Scenario) throws {
        let folder = repositoryRoot.appendingPathComponent(scenario.committedFolder).path
        let committed = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + ServedLogGenerator.fileName))
        let fresh = try ServedLogGenerator.generate(
            folder: folder, perturbations: ServedLogGenerator.perturbations(scenario),
            requests: ServedLogGenerator.committedRequests, seed: Scenario.committedSeed)
        #expect(Array(committed) == fresh, "\(scenario.committedFolder)/served.csv is stale: run \(ServedLogGenerator.command(scenario, folder: scenario.committedFolder))")
        let readme = try String(contentsOfFile: folder + "/README.md", encoding: .utf8)
        #expect(readme.contains(ServedLogGenerator.command(scenario, folder: scenario.committedFolder)))
        for p in ServedLogGenerator.perturbations(scenario) {
            #expect(readme.contains("`\(p.view)`"), "the README must say how \(p.view) is served")
        }
    }

    @Test func sameSeedSameBytesOtherSeedOtherSample() throws {
        let folder = repositoryRoot.appendingPathComponent(Scenario.fraud.committedFolder).path
        let p = ServedLogGenerator.perturbations(.fraud)
        let a = try ServedLogGenerator.generate(folder: folder, perturbations: p, requests: 200, seed: 1)
        let b = try ServedLogGenerator.generate(folder: folder, perturbations: p, requests: 200, seed: 1)
        let c = try ServedLogGenerator.generate(folder: folder, perturbations: p, requests: 200, seed: 2)
        #expect(a == b)
        #expect(a != c)
        let lines = String(decoding: a, as: UTF8.self).split(separator: "\r\n")
        #expect(lines.count == 201)
    }
}
