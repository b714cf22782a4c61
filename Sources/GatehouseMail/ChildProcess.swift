import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program started with `posix_spawn`, for the few places Gatehouse runs another program
/// (`sendmail`, and the tests' servers and tools).
///
/// Foundation's `Process` is not used: on Linux it copies a whole 256-byte name out of every
/// entry of /proc/self/fd, which reads past the end of the directory buffer and crashes once the
/// process has about 1,300 descriptors open — a busy server, or a test run with many database
/// connections. Here the child gets its standard streams and nothing else (every other
/// descriptor is closed in the child), starts with no signals blocked and every handler at its
/// default, whichever thread started it.
public final class ChildProcess: @unchecked Sendable {
    /// Where one of the child's standard streams goes.
    public enum Stream: Sendable {
        /// /dev/null.
        case null
        /// This process's own stream of the same number.
        case inherit
        /// A new pipe; the parent's end is `standardInput`, `standardOutput` or `standardError`.
        case pipe
        /// A file, created or truncated (for output) or read (for input).
        case file(String)
        /// The same as standard output (for standard error only).
        case output
    }

    /// How the child ended.
    public enum Termination: Equatable, Sendable {
        case exited(Int32)
        case signalled(Int32)

        /// The exit status, or the number of the signal that ended it.
        public var status: Int32 {
            switch self {
            case .exited(let code), .signalled(let code): code
            }
        }

        public var succeeded: Bool { self == .exited(0) }
    }

    public struct SpawnError: Error, CustomStringConvertible {
        public var description: String
    }

    public let processIdentifier: pid_t
    /// The parent's end of each stream started as `.pipe`.
    public let standardInput: FileHandle?
    public let standardOutput: FileHandle?
    public let standardError: FileHandle?

    private let condition = NSCondition()
    private var ended: Termination?
    private var reaping = false

    private init(pid: pid_t, input: FileHandle?, output: FileHandle?, error: FileHandle?) {
        processIdentifier = pid
        standardInput = input
        standardOutput = output
        standardError = error
    }

    /// Starts `executable` (an absolute path) with `arguments`. `environment` nil: this process's.
    /// `newSession`: the child leads a session of its own, so it outlives a terminal or test run
    /// that ends (for servers left running on purpose).
    public static func start(_ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil,
                             input: Stream = .null, output: Stream = .inherit, error: Stream = .inherit,
                             newSession: Bool = false) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // The child's ends of pipes, closed here once the child has its copies.
        var childEnds: [Int32] = []
        defer { for descriptor in childEnds { close(descriptor) } }
        var handles: [FileHandle?] = [nil, nil, nil]
        do {
            for (number, stream) in [(Int32(0), input), (1, output), (2, error)] {
                switch stream {
                case .null:
                    posix_spawn_file_actions_addopen(&actions, number, "/dev/null", number == 0 ? O_RDONLY : O_WRONLY, 0)
                case .inherit:
                    break
                case .file(let path):
                    let flags = number == 0 ? O_RDONLY : O_WRONLY | O_CREAT | O_TRUNC
                    posix_spawn_file_actions_addopen(&actions, number, path, flags, 0o644)
                case .output:
                    guard number == 2 else { throw SpawnError(description: "only standard error can go to standard output") }
                    posix_spawn_file_actions_adddup2(&actions, 1, 2)
                case .pipe:
                    var ends: [Int32] = [-1, -1]
                    guard pipe(&ends) == 0 else {
                        throw SpawnError(description: "cannot make a pipe for \(executable): \(String(cString: strerror(errno)))")
                    }
                    for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
                    let (childEnd, parentEnd) = number == 0 ? (ends[0], ends[1]) : (ends[1], ends[0])
                    childEnds.append(childEnd)
                    posix_spawn_file_actions_adddup2(&actions, childEnd, number)
                    handles[Int(number)] = FileHandle(fileDescriptor: parentEnd, closeOnDealloc: true)
                }
            }
        } catch {
            handles = []  // closes the parent's ends made so far
            throw error
        }
        closeEverythingElse(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var everySignal = sigset_t()
        sigfillset(&everySignal)
        posix_spawnattr_setsigdefault(&attributes, &everySignal)
        // POSIX_SPAWN_SETSIGDEF 0x04, POSIX_SPAWN_SETSIGMASK 0x08, POSIX_SPAWN_SETSID 0x80 (glibc;
        // the Glibc module does not export the last).
        posix_spawnattr_setflags(&attributes, Int16(0x04 | 0x08 | (newSession ? 0x80 : 0)))

        var argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned: Int32
        if let environment {
            var envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { for pointer in envp { free(pointer) } }
            spawned = posix_spawn(&pid, executable, &actions, &attributes, &argv, &envp)
        } else {
            spawned = posix_spawn(&pid, executable, &actions, &attributes, &argv, environ)
        }
        guard spawned == 0 else {
            handles = []
            throw SpawnError(description: "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        return ChildProcess(pid: pid, input: handles[0], output: handles[1], error: handles[2])
    }

    /// Writes `data` to the child's standard input on a thread of its own, then closes it.
    public func feed(_ data: Data) {
        guard let handle = standardInput else { return }
        Thread.detachNewThread {
            // A child that ends without reading all of it must not take this process down with
            // SIGPIPE: blocked on this thread, the write just fails (and the signal goes with the thread).
            var pipeSignal = sigset_t()
            sigemptyset(&pipeSignal)
            sigaddset(&pipeSignal, SIGPIPE)
            pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
            try? handle.write(contentsOf: data)
            try? handle.close()
        }
    }

    /// Reads `handle` to its end on a thread of its own.
    public func collect(_ handle: FileHandle?) -> Collected {
        let collected = Collected()
        guard let handle else {
            collected.finish(Data())
            return collected
        }
        Thread.detachNewThread { collected.finish(handle.readDataToEndOfFile()) }
        return collected
    }

    /// Data read on another thread, handed over once it is complete.
    public final class Collected: @unchecked Sendable {
        private let condition = NSCondition()
        private var data: Data?

        fileprivate func finish(_ read: Data) {
            condition.lock()
            data = read
            condition.broadcast()
            condition.unlock()
        }

        /// Everything that was read, once the writer has closed its end.
        public func wait() -> Data {
            condition.lock()
            defer { condition.unlock() }
            while data == nil { condition.wait() }
            return data ?? Data()
        }
    }

    /// Blocks until the child has ended.
    @discardableResult
    public func wait() -> Termination {
        condition.lock()
        while true {
            if let ended {
                condition.unlock()
                return ended
            }
            if !reaping { break }
            condition.wait()
        }
        reaping = true
        condition.unlock()
        var raw: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(processIdentifier, &raw, 0) } while result < 0 && errno == EINTR
        condition.lock()
        let termination = result == processIdentifier ? Self.termination(raw) : .exited(-1)
        ended = termination
        reaping = false
        condition.broadcast()
        condition.unlock()
        return termination
    }

    /// Waits for the child's end on a thread of its own, without holding up the caller's.
    public func ended() async -> Termination {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: self.wait()) }
        }
    }

    /// Whether the child is still running (it is reaped here when it has ended).
    public var isRunning: Bool {
        condition.lock()
        defer { condition.unlock() }
        if ended != nil { return false }
        if reaping { return true }
        var raw: Int32 = 0
        let result = waitpid(processIdentifier, &raw, WNOHANG)
        if result == 0 { return true }
        ended = result == processIdentifier ? Self.termination(raw) : .exited(-1)
        condition.broadcast()
        return false
    }

    /// How it ended, or nil while it runs.
    public var termination: Termination? {
        isRunning ? nil : wait()
    }

    /// Sends `signal` unless the child has already been reaped (its number may belong to
    /// another process by then).
    public func send(_ signal: Int32) {
        condition.lock()
        defer { condition.unlock() }
        guard ended == nil else { return }
        kill(processIdentifier, signal)
    }

    private static func termination(_ raw: Int32) -> Termination {
        let signal = raw & 0x7f
        return signal == 0 ? .exited((raw >> 8) & 0xff) : .signalled(signal)
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc 2.34's `posix_spawn_file_actions_addclosefrom_np`, which the Glibc module does not export.
    private static let closeFrom: CloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            return nil
        }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()

    /// Closes every descriptor above standard error in the child.
    private static func closeEverythingElse(_ actions: inout posix_spawn_file_actions_t) {
        if let closeFrom, closeFrom(&actions, 3) == 0 { return }
        // An older C library: close what is open now, read from /proc without copying whole
        // entries. glibc ignores a close of a descriptor that was closed meanwhile.
        guard let directory = opendir("/proc/self/fd") else { return }
        defer { closedir(directory) }
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name) ?? 19
        while let entry = readdir(directory) {
            let name = String(cString: UnsafeRawPointer(entry).advanced(by: nameOffset).assumingMemoryBound(to: CChar.self))
            if let descriptor = Int32(name), descriptor > 2 {
                posix_spawn_file_actions_addclose(&actions, descriptor)
            }
        }
    }
}
