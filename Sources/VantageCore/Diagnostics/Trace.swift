import Foundation

/// Stage timings on stderr when `VANTAGE_TRACE=1`: where a run's time goes (parse,
/// encode, sort, merge, write), for performance work and bug reports. Silent otherwise.
enum Trace {
    static let enabled = ProcessInfo.processInfo.environment["VANTAGE_TRACE"] == "1"
    /// The clock at the first mark (lazily set, so the first mark reads about 0 ms).
    static let start = DispatchTime.now().uptimeNanoseconds

    static func mark(_ what: @autoclosure () -> String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data(line(elapsedSinceStart(), what() + residentSuffix()).utf8))
    }

    /// ` (rss 812 MiB)` from `/proc/self/statm` where there is one: memory work needs the
    /// curve over the stages, not only the peak.
    static func residentSuffix() -> String {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return "" }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return "" }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return " (rss \((pages * Int(sysconf(Int32(_SC_PAGESIZE)))) >> 20) MiB, cpu \(String(format: "%.1f", cpu)) s)"
    }

    /// Milliseconds since `start`. Reads `start` before the clock: the other order would,
    /// on the first call, set `start` after taking `now` and go below zero.
    static func elapsedSinceStart() -> Double {
        let origin = start
        return milliseconds(from: origin, to: DispatchTime.now().uptimeNanoseconds)
    }

    /// `to - from` in milliseconds, 0 when `to` is earlier (an unsigned difference must
    /// not wrap around to 18446744073709.6 ms, nor trap).
    static func milliseconds(from: UInt64, to: UInt64) -> Double {
        to >= from ? Double(to - from) / 1e6 : 0
    }

    /// One trace line: `[    12.3 ms] what`.
    static func line(_ ms: Double, _ what: String) -> String {
        String(format: "[%8.1f ms] ", ms) + what + "\n"
    }
}
