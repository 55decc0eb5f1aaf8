// Bad served logs are refused before anything is computed, with an error naming the
// file, the line and what was expected; nothing is written.
import Foundation
import Testing
import VantageCore
@testable import VantageSkew

@Suite("bad served logs")
struct ServedLogErrorTests {
    func write(_ f: SkewFixture, _ text: String) throws -> String {
        let path = f.dir + "/bad.csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func missingKeyColumn() throws {
        let f = try SkewFixture()
        let path = try write(f, "ts,clicks__count_5m\n2024-01-02T00:00:00Z,1\n")
        #expect(throws: VantageError.input(file: path, line: 1, column: 0, message:
            "no key column \"user_id\": the served log needs the spine's keys and time as named in the spec (user_id, ts); columns: ts, clicks__count_5m")) {
            try f.skew(path)
        }
    }

    @Test func unknownFeatureWithSuggestion() throws {
        let f = try SkewFixture()
        let path = try write(f, "user_id,ts,clicks__count_5min\n1,2024-01-02T00:00:00Z,1\n")
        do {
            _ = try f.skew(path)
            Issue.record("expected an error")
        } catch let e as VantageError {
            guard case let .input(file, line, column, message) = e else { Issue.record("\(e)"); return }
            #expect(file == path && line == 1 && column == 3)
            #expect(message.contains("unknown column \"clicks__count_5min\""))
            #expect(message.contains("did you mean \"clicks__count_5m\"?"))
        }
    }

    @Test func unparseableTime() throws {
        let f = try SkewFixture()
        let path = try write(f, "user_id,ts,clicks__count_5m\n1,2024-01-02T00:00:00Z,1\n2,yesterday,0\n3,,0\n")
        do {
            _ = try f.skew(path)
            Issue.record("expected an error")
        } catch let e as VantageError {
            guard case let .input(file, line, column, message) = e else { Issue.record("\(e)"); return }
            #expect(file == path && line == 3 && column == 2)
            #expect(message == "column ts: expected a request time as the spine writes it (time_format iso8601), got \"yesterday\" (1 more row bad too)")
        }
    }

    @Test func noFeatureColumns() throws {
        let f = try SkewFixture()
        let path = try write(f, "user_id,ts\n1,2024-01-02T00:00:00Z\n")
        #expect(throws: VantageError.self) { try f.skew(path) }
    }

    @Test func noRows() throws {
        let f = try SkewFixture()
        let path = try write(f, "user_id,ts,clicks__count_5m\n")
        #expect(throws: VantageError.input(file: path, line: 2, column: 0, message: "no served requests: the log has a header but no rows to compare")) {
            try f.skew(path)
        }
    }

    @Test func nothingWrittenOnError() throws {
        let f = try SkewFixture()
        let path = try write(f, "user_id,ts,nope\n1,2024-01-02T00:00:00Z,1\n")
        let out = f.dir + "/out"
        #expect(throws: VantageError.self) { try SkewRun.run(spec: f.spec, served: .csv(path: path), out: out) }
        #expect(!FileManager.default.fileExists(atPath: out))
        let names = try FileManager.default.contentsOfDirectory(atPath: f.dir)
        #expect(!names.contains { $0.hasPrefix(".out") }, "\(names)")
    }
}
