import Foundation
import Testing

/// The write discipline as a property: for random sequences of (command, output path,
/// fault), after every step either the complete new output exists or the previous state
/// of that path is unchanged, no input byte changes, and nothing is left staged. Faults:
/// none, a data error after the checks, SIGTERM at a random moment, a full disk after a
/// random number of bytes. Seeded; the seed and step are in every failure message
/// (`VANTAGE_PROPERTY_SEED` picks another seed).
@Suite("write discipline property", .serialized)
struct WriteDisciplinePropertyTests {
    enum Command: CaseIterable { case join, sweep }
    enum Fault: CaseIterable { case none, error, sigterm, fullDisk }

    /// SplitMix64: a tiny seeded generator for the test's choices.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func pick<T>(_ xs: [T]) -> T { xs[Int(next() % UInt64(xs.count))] }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    @Test func randomSequencesLeaveCompleteOrPreviousState() throws {
        let seed = ProcessInfo.processInfo.environment["VANTAGE_PROPERTY_SEED"].flatMap(UInt64.init) ?? 20_261_201
        var rng = Generator(state: seed)
        var files = sampleFiles
        files["bad-spec.yaml"] = sampleSpec.replacingOccurrences(of: "features: [limit]", with: "features: [nosuch]")
        files["notes/keep.txt"] = "unrelated"
        files["garbage.sqlite"] = "not a database"
        let w = try Workspace(files)
        let inputNames = ["spec.yaml", "bad-spec.yaml", "spine.csv", "prof.csv", "garbage.sqlite", "notes/keep.txt"]
        let inputs = w.snapshot().filter { inputNames.contains($0.key) }
        let levels = "realtime,cadence-1h,lag-12h"
        // What complete outputs hold.
        #expect(try CLI.run(["join", "spec.yaml", "--out", "ref/join.csv", "--quiet"], in: w.dir).status == 0)
        #expect(try CLI.run(["sweep", "spec.yaml", "--out", "ref/sweep", "--levels", levels, "--no-store", "--quiet"], in: w.dir).status == 0)
        let joinReference = w.snapshot("ref/join.csv")["ref/join.csv"]
        let sweepReference = w.snapshot("ref/sweep").filter { $0.key != "sweep.json" }
        let outs = ["a.csv", "b.csv", "sw1", "sw2", "notes", "spine.csv", "deep/er/c.csv"]
        for step in 0..<40 {
            let command = rng.pick(Command.allCases)
            let out = rng.pick(outs)
            let fault = rng.pick(Fault.allCases)
            let context = "seed \(seed), step \(step): \(command) --out \(out), fault \(fault)"
            let before = w.snapshot(out)
            let manifestBefore = w.snapshot(out + ".manifest.json")
            var args = command == .join
                ? ["join", fault == .error ? "bad-spec.yaml" : "spec.yaml", "--out", out, "--quiet"]
                : ["sweep", fault == .error ? "bad-spec.yaml" : "spec.yaml", "--out", out, "--levels", levels, "--quiet", "--store", "runs.sqlite"]
            if fault == .error && command == .sweep && rng.below(2) == 0 { args[1] = "spec.yaml"; args[args.count - 1] = "garbage.sqlite" }
            var environment = [String: String]()
            if fault == .fullDisk { environment["VANTAGE_TEST_FAIL_WRITE_AFTER_BYTES"] = String(rng.below(3000)) }
            let p = Process()
            p.executableURL = CLI.binary
            p.arguments = args
            p.currentDirectoryURL = URL(fileURLWithPath: w.dir)
            p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            p.standardError = FileHandle.nullDevice
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            if fault == .sigterm {
                Thread.sleep(forTimeInterval: Double(rng.below(40)) * 1e-3)
                kill(p.processIdentifier, SIGTERM)
            }
            p.waitUntilExit()
            let succeeded = p.terminationReason == .exit && p.terminationStatus == 0
            if p.terminationReason == .uncaughtSignal { #expect(p.terminationStatus == SIGTERM, "\(context): crashed") }
            if succeeded {
                #expect(fault == .none || fault == .sigterm || fault == .fullDisk, "\(context): succeeded despite the fault")
                if command == .join {
                    #expect(w.snapshot(out)[out] == joinReference, "\(context): incomplete training set")
                    #expect(w.exists(out + ".manifest.json"), "\(context): no manifest")
                } else {
                    #expect(w.snapshot(out).filter { $0.key != "sweep.json" } == sweepReference, "\(context): incomplete sweep")
                    #expect(w.exists(out + "/sweep.json"), "\(context): no sweep.json")
                }
            } else {
                #expect(w.snapshot(out) == before, "\(context): previous state changed")
                #expect(w.snapshot(out + ".manifest.json") == manifestBefore, "\(context): previous manifest changed")
            }
            #expect(w.snapshot().filter { inputNames.contains($0.key) } == inputs, "\(context): an input changed")
            #expect(w.leftovers().isEmpty, "\(context): \(w.leftovers())")
        }
    }
}
