import Foundation
import GatehouseMail
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("ChildProcess: starting programs with posix_spawn")
struct ChildProcessTests {
    /// What `/bin/sh -c SCRIPT` printed, and how it ended.
    private func shell(_ script: String, input: Data = Data()) throws -> (ChildProcess.Termination, String) {
        let child = try ChildProcess.start("/bin/sh", ["-c", script], input: .pipe, output: .pipe, error: .output)
        let output = child.collect(child.standardOutput)
        child.feed(input)
        let ended = child.wait()
        return (ended, String(decoding: output.wait(), as: UTF8.self))
    }

    @Test("a process with 1,500 descriptors open starts a child, which gets only its standard streams")
    func manyDescriptors() throws {
        // Foundation's Process crashed in CI with about 1,350 open: it copies 256 bytes out of
        // every /proc/self/fd entry, past the end of the directory buffer once that buffer is full.
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        let wanted = rlim_t(1_700)
        if limit.rlim_cur < wanted, limit.rlim_max >= wanted {
            limit.rlim_cur = wanted
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        let pairs = min(750, (Int(limit.rlim_cur) - 200) / 2)
        var opened: [Int32] = []
        defer { for descriptor in opened { close(descriptor) } }
        for _ in 0..<pairs {
            var ends: [Int32] = [-1, -1]
            try #require(pipe(&ends) == 0)
            opened += ends
        }
        #expect(opened.count >= 1_400 || limit.rlim_cur < 1_700)
        // ls lists its own descriptors: the three streams and the directory it is reading (3).
        let ls = try ChildProcess.start("/bin/ls", ["/proc/self/fd"], output: .pipe)
        let listed = ls.collect(ls.standardOutput)
        #expect(ls.wait() == .exited(0))
        #expect(String(decoding: listed.wait(), as: UTF8.self).split(separator: "\n") == ["0", "1", "2", "3"])
    }

    @Test("standard input in, standard output and error out, a megabyte each way")
    func streams() throws {
        let text = String(repeating: "0123456789abcdef\n", count: 65_536)
        let child = try ChildProcess.start("/bin/sh", ["-c", "cat; echo done >&2"], input: .pipe, output: .pipe, error: .pipe)
        let output = child.collect(child.standardOutput)
        let errors = child.collect(child.standardError)
        child.feed(Data(text.utf8))
        #expect(child.wait() == .exited(0))
        #expect(output.wait() == Data(text.utf8))
        #expect(String(decoding: errors.wait(), as: UTF8.self) == "done\n")
    }

    @Test("a child that ends without reading its input does not take this process down with SIGPIPE")
    func unreadInput() throws {
        // Before, a sendmail that exited early killed the whole desk (exit 141).
        let child = try ChildProcess.start("/bin/true", input: .pipe)
        #expect(child.wait() == .exited(0))
        child.feed(Data(repeating: 0x61, count: 1 << 20))
        // The writer thread meets the closed pipe; give it time to.
        usleep(300_000)
        let again = try ChildProcess.start("/bin/sh", ["-c", "exit 3"])
        #expect(again.wait() == .exited(3))
    }

    @Test("exit statuses and signals are told apart; a second wait gives the same answer")
    func endings() throws {
        let (seven, _) = try shell("exit 7")
        #expect(seven == .exited(7))
        #expect(seven.status == 7 && !seven.succeeded)
        let (killed, _) = try shell("kill -TERM $$")
        #expect(killed == .signalled(SIGTERM))

        let sleeper = try ChildProcess.start("/bin/sleep", ["30"])
        #expect(sleeper.isRunning)
        #expect(sleeper.termination == nil)
        sleeper.send(SIGKILL)
        #expect(sleeper.wait() == .signalled(SIGKILL))
        #expect(!sleeper.isRunning)
        #expect(sleeper.termination == .signalled(SIGKILL))
        sleeper.send(SIGKILL)  // reaped: nothing is signalled
    }

    @Test("the child starts with no signals blocked, even from a thread that blocks them")
    func signalsUnblocked() async throws {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGTERM)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        let sleeper = try ChildProcess.start("/bin/sleep", ["30"])
        sleeper.send(SIGTERM)
        #expect(await sleeper.ended() == .signalled(SIGTERM))
    }

    @Test("files and /dev/null as streams, and a program that is not there")
    func filesAndErrors() throws {
        let path = NSTemporaryDirectory() + "gatehouse-child-\(UUID().uuidString)"
        defer { unlink(path) }
        let writer = try ChildProcess.start("/bin/sh", ["-c", "echo out; echo err >&2"], output: .file(path), error: .output)
        #expect(writer.wait() == .exited(0))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "out\nerr\n")
        let reader = try ChildProcess.start("/bin/sh", ["-c", "read line; test \"$line\" = out"], input: .file(path))
        #expect(reader.wait() == .exited(0))
        let empty = try ChildProcess.start("/bin/sh", ["-c", "test -z \"$(cat)\""], input: .null)
        #expect(empty.wait() == .exited(0))

        #expect {
            try ChildProcess.start("/nonexistent/gatehouse-no-such-program")
        } throws: { error in
            "\(error)".contains("/nonexistent/gatehouse-no-such-program")
        }
        #expect(throws: ChildProcess.SpawnError.self) {
            try ChildProcess.start("/bin/true", input: .output)
        }
    }

    @Test("the environment is this process's unless one is given")
    func environment() throws {
        let child = try ChildProcess.start("/bin/sh", ["-c", "echo \"$GATEHOUSE_CHILD_TEST\""],
                                           environment: ["GATEHOUSE_CHILD_TEST": "given", "PATH": "/usr/bin:/bin"],
                                           output: .pipe)
        let output = child.collect(child.standardOutput)
        #expect(child.wait() == .exited(0))
        #expect(String(decoding: output.wait(), as: UTF8.self) == "given\n")
    }
}
