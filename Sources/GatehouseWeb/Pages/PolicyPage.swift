import Foundation
import GatehouseCore
import GatehouseStore
import HTTPTypes
import Hummingbird

/// `/policy`: the YAML editor. Problems are shown at their line; a policy with a problem is never
/// saved. "Check" shows the problems and the public page's preview without saving; with the
/// page's script, the preview follows the typing.
struct PolicyPage {
    let owner: OwnerPages

    func add(to router: RouterGroup<DeskContext>) {
        router.get("policy") { request, context in
            let signedIn = try context.requireCaller()
            let fresh = try await Workspaces(database: owner.database).find(id: signedIn.workspace.id) ?? signedIn.workspace
            return page(signedIn, yaml: fresh.policyYAML, saved: request.uri.queryParameters.get("saved") == "1")
        }
        router.post("policy") { request, context in
            let signedIn = try context.requireCaller()
            let fields = context.form
            let yaml = fields.raw("yaml").replacingOccurrences(of: "\r\n", with: "\n")
            guard signedIn.role == .owner else {
                return page(signedIn, yaml: yaml, problems: ["Only the workspace's owner can change the policy."], status: .forbidden)
            }
            let diagnostics = Self.diagnostics(yaml)
            guard diagnostics.isEmpty else { return page(signedIn, yaml: yaml, status: .unprocessableContent) }
            if fields["action"] == "check" { return page(signedIn, yaml: yaml, checked: true) }
            do {
                _ = try await Workspaces(database: owner.database)
                    .updatePolicy(workspaceID: signedIn.workspace.id, policyYAML: yaml, actor: signedIn.userID, now: owner.clock.now())
            } catch let error as StoreError {
                return page(signedIn, yaml: yaml, problems: [error.message], status: .unprocessableContent)
            }
            return Response(status: .seeOther, headers: [.location: "/policy?saved=1"])
        }
        // The preview of the public page for the text being typed, for the editor's script.
        router.post("policy/preview") { request, context in
            _ = try context.requireCaller()
            let fields = context.form
            return owner.pages.page("policy-preview", Self.preview(fields.raw("yaml"), now: owner.clock.now()))
        }
    }

    static func diagnostics(_ yaml: String) -> [PolicyDiagnostic] {
        do {
            _ = try Policy.read(yaml: yaml)
            return []
        } catch {
            return error.diagnostics
        }
    }

    static func preview(_ yaml: String, now: Instant) -> [String: Any] {
        guard let policy = try? Policy.read(yaml: yaml) else {
            return ["invalid": true]
        }
        return HowWeWorkPage.values(policy, slug: nil, now: now)
    }

    private func page(_ signedIn: Caller, yaml: String, saved: Bool = false, checked: Bool = false, problems: [String] = [],
                      status: HTTPResponse.Status = .ok) -> Response {
        let diagnostics = Self.diagnostics(yaml)
        let byLine = Dictionary(grouping: diagnostics, by: \.line)
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, text -> [String: Any] in
            let number = index + 1
            return present([
                "number": number, "text": String(text),
                "problems": byLine[number].map { $0.map { "column \($0.column): \($0.message)" } },
            ])
        }
        // Problems past the last line (an unfinished file) still show.
        let beyond = diagnostics.filter { $0.line > lines.count || $0.line < 1 }.map { "line \($0.line): \($0.message)" }
        var values: [String: Any?] = [
            "yaml": yaml, "saved": saved, "checked": checked && diagnostics.isEmpty,
            "canEdit": signedIn.role == .owner,
            "problems": problems, "hasProblems": !problems.isEmpty,
            "diagnostics": diagnostics.map { ["line": $0.line, "column": $0.column, "message": $0.message] },
            "diagnosticCount": diagnostics.count, "hasDiagnostics": !diagnostics.isEmpty,
            "annotated": diagnostics.isEmpty ? nil : lines.filter { $0["problems"] != nil || Self.near($0["number"] as? Int, byLine.keys) },
            "beyond": beyond,
        ]
        let preview = Self.preview(yaml, now: owner.clock.now())
        values["preview"] = preview["invalid"] == nil ? preview : nil
        return owner.render("policy", signedIn, section: .policy, title: "Policy", present(values), status: status)
    }

    /// Whether a line is within two lines of a problem: the context shown around it.
    static func near(_ line: Int?, _ problems: Dictionary<Int, [PolicyDiagnostic]>.Keys) -> Bool {
        guard let line else { return false }
        return problems.contains { abs($0 - line) <= 2 }
    }
}
