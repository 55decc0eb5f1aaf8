import Foundation
import VantageCore

/// `--sample` as typed: a number of spine rows (`--sample 50000`, a whole number) or a
/// fraction of them (`--sample 0.1`, with a decimal point, in (0, 1]). Either way the
/// rows are chosen by a hash of their spine keys (`RowSample`), so a count is met only
/// approximately.
public enum SampleRequest: Sendable, Equatable {
    case rows(Int)
    case fraction(Double)

    /// Parses `--sample`; anything else is a usage error naming what was expected.
    public init(parsing text: String) throws(VantageError) {
        let t = text.trimmingCharacters(in: .whitespaces)
        let expected = "--sample \(text): expected a number of rows (a whole number, at least 1) or a fraction in (0, 1] like 0.1"
        if !t.isEmpty, t.allSatisfy({ $0.isASCII && $0.isNumber }) {
            guard let n = Int(t), n >= 1 else { throw .usage(expected) }
            self = .rows(n)
            return
        }
        guard t.contains("."), t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              let f = Double(t), f.isFinite, f > 0, f <= 1 else { throw .usage(expected) }
        self = .fraction(f)
    }

    /// As given on the command line, for `backtest.json`'s `sample.reason`.
    var text: String {
        switch self {
        case let .rows(n): return "--sample \(n)"
        case let .fraction(f): return "--sample \(f)"
        }
    }
}
