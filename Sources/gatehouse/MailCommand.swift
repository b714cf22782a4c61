import ArgumentParser
import Foundation
import GatehouseMail

/// `gatehouse mail parse FILE [--json]`: what Gatehouse reads from a message.
struct MailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail", abstract: "Look at email the way Gatehouse reads it.", subcommands: [Parse.self])

    struct Parse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read one RFC 5322 message (a .eml file, or - for standard input) and print what was read.")
        @Argument(help: "The message file, or - for standard input.") var file: String
        @Flag(help: "Print JSON: message_id, date, from, to, cc, reply_to, subject, in_reply_to, references, text, automatic, attachments, problems.")
        var json = false

        func run() async throws {
            let data: Data
            if file == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else if let contents = FileManager.default.contents(atPath: file) {
                data = contents
            } else {
                Terminal.error("gatehouse: error: \(file): cannot read the file")
                throw ExitCode(1)
            }
            let mail: ParsedMail
            do {
                mail = try MailReader.read(data)
            } catch {
                Terminal.error("gatehouse: error: \(file): \(error.message)")
                throw ExitCode(1)
            }
            let summary = MailSummary(mail)
            if json {
                Terminal.output(summary.json())
                return
            }
            func people(_ list: [MailSummary.Address]) -> String {
                list.map { person in person.name.map { "\($0) <\(person.address)>" } ?? person.address }.joined(separator: ", ")
            }
            var lines = ["Message-ID:  \(summary.messageID ?? "(none)")",
                         "Date:        \(summary.date ?? "(none)")",
                         "From:        \(people(summary.from))",
                         "To:          \(people(summary.to))"]
            if !summary.cc.isEmpty { lines.append("Cc:          \(people(summary.cc))") }
            if !summary.replyTo.isEmpty { lines.append("Reply-To:    \(people(summary.replyTo))") }
            lines.append("Subject:     \(summary.subject ?? "(none)")")
            if !summary.inReplyTo.isEmpty { lines.append("In-Reply-To: \(summary.inReplyTo.joined(separator: " "))") }
            if let reason = summary.automaticReason { lines.append("Automatic:   \(reason)") }
            for attachment in summary.attachments {
                lines.append("Attachment:  \(attachment.name) (\(attachment.type), \(attachment.size) bytes)")
            }
            for problem in summary.problems { lines.append("Problem:     \(problem.message)") }
            lines += ["", summary.newText]
            Terminal.output(lines.joined(separator: "\n"))
        }
    }
}
