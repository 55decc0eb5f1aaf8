import Foundation

/// Stage timings on stderr when `VANTAGE_TRACE=1`: where a run's time goes (parse,
/// encode, sort, merge, write), for performance work and bug reports. Silent otherwise.
public enum Trace {
    static let enabled = ProcessInfo.processInfo.environment["VANTAGE_TRACE"] == "1"
    static let start = DispatchTime.now().uptimeNanoseconds

    public static func mark(_ what: @autoclosure () -> String) {
        guard enabled else { return }
        let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        FileHandle.standardError.write(Data((String(format: "[%8.1f ms] ", ms) + what() + "\n").utf8))
    }
}
