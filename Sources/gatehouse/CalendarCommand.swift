import ArgumentParser
import Foundation
import GatehouseCore
#if canImport(Glibc)
import Glibc
#endif

/// `gatehouse calendar due | between | open-at --policy FILE`: business-time
/// arithmetic over lines of standard input.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Business-time arithmetic for a policy, one line of standard input at a time.",
        discussion: """
            Instants are ISO 8601 with a UTC offset (2026-03-06T16:50:00-06:00 or ...Z); durations are \
            hours and minutes (90m, 4h, 1h30m). Answers are printed one per line, instants in the policy's \
            time zone with its offset. A bad line is reported on standard error with its line number; \
            the other lines are still answered and the command exits 1 at the end.
            """,
        subcommands: [Due.self, Between.self, OpenAt.self]
    )

    struct Options: ParsableArguments {
        @Option(name: .long, help: "The policy file whose hours, closures and time zone to use.")
        var policy: String
    }

    struct Due: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read lines 'START DURATION'; print the instant DURATION of open time after START.")
        @OptionGroup var options: Options
        func run() throws { try CalendarLines.run(.due, policyPath: options.policy) }
    }

    struct Between: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read lines 'START END'; print the open time between them in minutes.")
        @OptionGroup var options: Options
        func run() throws { try CalendarLines.run(.between, policyPath: options.policy) }
    }

    struct OpenAt: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "open-at",
            abstract: "Read lines 'INSTANT'; print 'open' or 'closed'.")
        @OptionGroup var options: Options
        func run() throws { try CalendarLines.run(.openAt, policyPath: options.policy) }
    }
}

/// Streams standard input through a calendar query: answers are written as
/// soon as each chunk of input has been read, so it works in a pipe and
/// interactively alike.
enum CalendarLines {
    static func run(_ query: CalendarQuery, policyPath: String) throws {
        guard let policy = PolicyFile.load(policyPath) else { throw ExitCode(1) }
        let calendar = BusinessCalendar(policy: policy)
        var pending: [UInt8] = []
        var out: [UInt8] = []
        var errors: [UInt8] = []
        var lineNumber = 0
        var failures = 0
        let bufferSize = 1 << 16
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: bufferSize)
        defer { buffer.deallocate() }

        func process(_ line: UnsafeBufferPointer<UInt8>) {
            lineNumber += 1
            var end = line.count
            if end > 0, line[end - 1] == 13 { end -= 1 }
            let trimmed = UnsafeBufferPointer(rebasing: line[0..<end])
            if trimmed.allSatisfy({ $0 == 32 || $0 == 9 }) { return }
            if let problem = query.answer(trimmed, calendar: calendar, into: &out) {
                failures += 1
                errors.append(contentsOf: "stdin:\(lineNumber): error: \(problem)\n".utf8)
            }
        }

        while true {
            let count = read(0, buffer, bufferSize)
            if count < 0 {
                if errno == EINTR { continue }
                Terminal.error("gatehouse: error: cannot read standard input")
                throw ExitCode(1)
            }
            if count == 0 { break }
            pending.append(contentsOf: UnsafeBufferPointer(start: buffer, count: count))
            var lineStart = 0
            pending.withUnsafeBufferPointer { all in
                var index = 0
                while index < all.count {
                    if all[index] == 10 {
                        process(UnsafeBufferPointer(rebasing: all[lineStart..<index]))
                        lineStart = index + 1
                    }
                    index += 1
                }
            }
            pending.removeFirst(lineStart)
            flush(&out, &errors)
        }
        if !pending.isEmpty {
            pending.withUnsafeBufferPointer { process($0) }
        }
        flush(&out, &errors)
        if failures > 0 { throw ExitCode(1) }
    }

    private static func flush(_ out: inout [UInt8], _ errors: inout [UInt8]) {
        write(out, to: 1)
        write(errors, to: 2)
        out.removeAll(keepingCapacity: true)
        errors.removeAll(keepingCapacity: true)
    }

    private static func write(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBufferPointer { all in
            var offset = 0
            while offset < all.count {
                let written = Glibc.write(descriptor, all.baseAddress! + offset, all.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
