import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore

/// `gatehouse customer`: what a customer may ask for under data-protection law.
struct CustomerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer", abstract: "A customer's data: everything exported as a zip, or erased, when they ask.",
        subcommands: [Export.self, Erase.self])

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write everything kept about a customer to a zip: details, conversations, every message (mbox), time, jobs, appointments.")
        @Argument(help: "The customer's id, email address or phone number.") var customer: String
        @Option(help: "The zip file to write (it must not exist yet).") var to: String
        @Option(help: "The workspace slug (may be left out when there is only one workspace).") var workspace: String?
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            guard !FileManager.default.fileExists(atPath: to) else {
                Terminal.error("gatehouse: error: --to: \(to) exists already; name a new file")
                throw ExitCode(1)
            }
            let export = try await options.withDatabase { database -> CustomerData.Export? in
                let found = try await WorkspaceChoice.find(workspace, in: database)
                let desk = WorkspaceDesk.forCommand(found, database: database)
                guard let customer = try await desk.customers.customer(idOrContact: self.customer) else { return nil }
                return try await desk.customerData.export(customer.id, actor: "cli", now: SystemClock().now)
            }
            guard let export else {
                Terminal.error("gatehouse: error: no customer \(customer) in this workspace")
                throw ExitCode(1)
            }
            guard FileManager.default.createFile(atPath: to, contents: export.zip, attributes: [.posixPermissions: 0o600]) else {
                Terminal.error("gatehouse: error: --to: cannot write \(to)")
                throw ExitCode(1)
            }
            Terminal.output("wrote \(to) (\(export.zip.count) bytes): " + export.files.map { "\($0.name) \($0.bytes)" }.joined(separator: ", "))
        }
    }

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a customer and everything kept about them, for good; the audit log keeps only that it was done.")
        @Argument(help: "The customer's id, email address or phone number.") var customer: String
        @Flag(help: "Confirm: erasing cannot be undone.") var yes = false
        @Option(help: "The workspace slug (may be left out when there is only one workspace).") var workspace: String?
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            guard yes else {
                Terminal.error("gatehouse: error: erasing cannot be undone; add --yes to confirm (export first with gatehouse customer export)")
                throw ExitCode(1)
            }
            let erased = try await options.withDatabase { database -> CustomerErasure? in
                let found = try await WorkspaceChoice.find(workspace, in: database)
                let desk = WorkspaceDesk.forCommand(found, database: database)
                guard let customer = try await desk.customers.customer(idOrContact: self.customer) else { return nil }
                return try await desk.customerData.erase(customer.id, actor: "cli", now: SystemClock().now)
            }
            guard let erased else {
                Terminal.error("gatehouse: error: no customer \(customer) in this workspace")
                throw ExitCode(1)
            }
            Terminal.output("erased: \(erased.described)")
        }
    }
}
