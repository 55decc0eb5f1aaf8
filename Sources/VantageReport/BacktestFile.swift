import Foundation
import VantageBacktest
import VantageCore

/// Reads the `backtest.json` a report is made from, with errors that say what to do
/// (run the backtest first, or point at the right folder) rather than a decoder dump.
public enum BacktestFile {
    /// The file for `path`: `path/backtest.json` for a folder, `path` itself for a file.
    public static func locate(_ path: String) -> String {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue { return path }
        return path.hasSuffix("/") ? path + "backtest.json" : path + "/backtest.json"
    }

    public static func load(_ path: String) throws(VantageError) -> BacktestResult {
        let file = locate(path)
        guard FileManager.default.fileExists(atPath: file) else {
            throw .io(path: file, message: "no backtest result here; run 'vantage backtest <spec> --out \(path)' first, "
                + "or pass the folder that holds backtest.json")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw .io(path: file, message: "cannot read the file; check its permissions")
        }
        do {
            return try JSONDecoder().decode(BacktestResult.self, from: data)
        } catch let error as DecodingError {
            throw .input(file: file, line: 0, column: 0, message: "not a backtest result: \(describe(error)); "
                + "expected the backtest.json written by 'vantage backtest'")
        } catch {
            throw .input(file: file, line: 0, column: 0, message: "not a backtest result: \(error.localizedDescription)")
        }
    }

    /// A decoding error as a coding path and what was wrong (`levels[2].metrics: expected an object`).
    static func describe(_ error: DecodingError) -> String {
        func at(_ path: [any CodingKey]) -> String {
            var out = ""
            for key in path {
                if let i = key.intValue { out += "[\(i)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
            }
            return out
        }
        switch error {
        case let .keyNotFound(key, ctx):
            let parent = at(ctx.codingPath)
            return "missing \"\(key.stringValue)\"" + (parent.isEmpty ? "" : " in \(parent)")
        case let .typeMismatch(type, ctx):
            return "\(at(ctx.codingPath).isEmpty ? "the top level" : at(ctx.codingPath)): expected \(kind(type))"
        case let .valueNotFound(type, ctx):
            return "\(at(ctx.codingPath)): expected \(kind(type)), got null"
        case let .dataCorrupted(ctx):
            return ctx.codingPath.isEmpty ? "not valid JSON" : "\(at(ctx.codingPath)): \(ctx.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func kind(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Array") { return "a list" }
        if name.hasPrefix("Dictionary") { return "an object" }
        if name == "String" { return "text" }
        if name == "Int" || name == "Double" || name == "UInt64" { return "a number" }
        if name == "Bool" { return "true or false" }
        return "an object (\(name))"
    }
}
