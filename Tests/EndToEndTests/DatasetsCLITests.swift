import Foundation
import Testing

/// The bundled scenarios work end to end: they validate, join and sweep from the CLI.
@Suite("bundled scenarios from the command line")
struct DatasetsCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("datasets").path

    @Test("committed copy validates and joins", arguments: ["fraud", "credit", "er-wait"])
    func committedCopy(_ name: String) throws {
        let spec = "\(Self.root)/\(name)/spec.yaml"
        let v = try CLI.run(["validate", spec])
        #expect(v.status == 0, "\(v.stderr)")
        #expect(v.stdout.contains("ok"))
        let w = try Workspace([:])
        let j = try CLI.run(["join", spec, "--out", "\(w.dir)/train.csv", "--quiet"])
        #expect(j.status == 0, "\(j.stderr)")
        let lines = try w.read("train.csv").split(separator: "\r\n")
        #expect(lines.count > 1000)
    }

    @Test func listAndGenerate() throws {
        let l = try CLI.run(["datasets", "list"])
        #expect(l.status == 0)
        for name in ["fraud", "credit", "er-wait"] { #expect(l.stdout.contains(name)) }
        let w = try Workspace([:])
        let g = try CLI.run(["datasets", "generate", "fraud", "--out", "\(w.dir)/f", "--events", "2000", "--seed", "3", "--quiet"])
        #expect(g.status == 0, "\(g.stderr)")
        let v = try CLI.run(["validate", "\(w.dir)/f/spec.yaml", "--quiet"])
        #expect(v.status == 0, "\(v.stderr)")
        let bad = try CLI.run(["datasets", "generate", "frud", "--out", "\(w.dir)/x"])
        #expect(bad.status == 64 || bad.status == 1)
        #expect(bad.stderr.contains("fraud"))
    }
}
