import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension Process {
    /// Starts the process with no signals blocked.
    ///
    /// Swift's concurrency threads block most signals, and a program started from one of them
    /// inherits that mask: chromedriver (and the Chromium it starts) would never see SIGTERM. So
    /// the program is started from a new thread that blocks nothing.
    func runWithSignalsUnblocked() throws {
        let process = self
        nonisolated(unsafe) var failure: (any Error)?
        let started = DispatchSemaphore(value: 0)
        let thread = Thread {
            var none = sigset_t()
            sigemptyset(&none)
            pthread_sigmask(SIG_SETMASK, &none, nil)
            do { try process.run() } catch { failure = error }
            started.signal()
        }
        thread.start()
        started.wait()
        if let failure { throw failure }
    }
}
