import Foundation
import Testing
@testable import VantageCore

/// Every case of the conformance corpus (Fixtures/conformance/README.md), computed by two
/// independent implementations of the rules in docs/semantics.md, must match cell for cell at every level.
@Suite("Conformance corpus")
struct ConformanceTests {
    @Test("corpus is complete")
    func corpusIsPresent() {
        #expect(ConformanceCase.all.count == 52)
    }

    @Test("case matches expected output", arguments: ConformanceCase.all)
    func conformance(_ name: String) throws {
        let c = try ConformanceCase(name: name)
        let spec = try SpecDecoder.decode(text: c.specYAML, path: "\(name)/spec.yaml", baseDirectory: c.directory)
        let engine = PointInTimeEngine(inputs: try Loader.load(spec))
        for level in c.levels {
            let levelName = level["name"] as? String ?? ""
            let parsed = try FreshnessLevel(parsing: ConformanceCase.levelText(level))
            let set = engine.trainingSet(levels: engine.levels(varying: parsed))
            var bytes = CSVBuffer()
            bytes.record(set.header)
            bytes.bytes += TrainingSetWriter.format(rows: 0..<set.rowCount,
                                                   spine: (0..<set.spine.header.count).map { set.spine.columns[$0]! },
                                                   features: set.featureColumns)
            let actual = try CSVReader.parse(bytes.bytes, file: "actual")
            let expectedBytes = try FileBytes.read(path: "\(c.directory)/expected/\(levelName).csv")
            let expected = try CSVReader.parse(expectedBytes, file: "expected")
            let problems = ConformanceCase.compare(expected: expected, actual: actual, kinds: c.kinds(spineHeader: set.spine.header))
            #expect(problems.isEmpty, "\(name) at \(levelName):\n\(problems.prefix(10).joined(separator: "\n"))")
            // Layout (compare.py --lint): CRLF everywhere and minimal quoting means the
            // expected bytes are reproduced exactly wherever the values are text-equal.
            #expect(bytes.bytes.last == 10 && bytes.bytes.dropLast().last == 13)
            // `vantage join`'s own path (the spine's records read again from its file, times
            // parsed while reading, one view at a time) writes exactly these bytes.
            let out = NSTemporaryDirectory() + "conformance-\(UUID().uuidString).csv"
            defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: out + ".manifest.json") }
            _ = try JoinRun.run(spec: spec, level: parsed, out: out, memory: MemoryBudget(bytes: 1 << 40))
            #expect(try FileBytes.read(path: out) == bytes.bytes, "\(name) at \(levelName): join output differs")
        }
    }
}
