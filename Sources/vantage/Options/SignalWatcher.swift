#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import VantageCore

/// Receives SIGINT and SIGTERM on one dedicated thread with `sigwait`, from the first
/// instruction of `main` on (they are blocked in every thread, so none is lost or handled
/// elsewhere). It only records the request (`Cancellation`); the work stops at its next
/// safe point and unwinds through the usual clean-up, so no file is removed and no exit
/// is called while other threads run. A second signal exits at once (`_exit`), leaving
/// staging entries that the next run removes (their pid is then dead).
enum SignalWatcher {
    static func start() {
        var set = signals()
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let thread = Thread {
            var waitSet = signals()
            while true {
                var sig: Int32 = 0
                guard sigwait(&waitSet, &sig) == 0 else { continue }
                if !Cancellation.request(signal: sig) { _exit(128 + sig) }
            }
        }
        thread.name = "vantage.signals"
        thread.start()
    }

    private static func signals() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        return set
    }
}
