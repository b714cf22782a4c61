import Foundation
import GatehouseCore
import GatehouseDesk
import HTTPTypes
import Hummingbird

/// `/policy`: a form for the everyday settings, and the YAML editor for everything. Problems are shown at their line; a policy with a problem is never
/// saved. "Check" shows the problems and the public page's preview without saving; with the
/// page's script, the preview follows the typing.
struct PolicyPage {
    let owner: OwnerPages

    func add(to router: RouterGroup<DeskContext>) {
        router.get("policy") { request, context in
            let signedIn = try context.requireCaller()
            let desk = try context.requireDesk()
            let query = request.uri.queryParameters
            let changed = (query.get("changed") ?? "").split(separator: ",").map(String.init).filter(Self.parts.contains)
            return page(signedIn, yaml: desk.workspace.policyYAML, saved: query.get("saved") == "1", changed: changed,
                        unchanged: query.get("unchanged") == "1")
        }
        // The everyday settings: written into the file, only where they changed.
        router.post("policy/settings") { request, context in
            let signedIn = try context.requireCaller()
            let desk = try context.requireDesk()
            let current = (try? desk.everydaySettings()) ?? PolicyAnswers()
            let answers = PolicySettingsForm.answers(context.form, current: current)
            let yaml = desk.workspace.policyYAML
            guard signedIn.role == .owner else {
                return page(signedIn, yaml: yaml, form: answers, problems: ["Only the workspace's owner can change the policy."],
                            status: .forbidden)
            }
            do {
                switch try await desk.saveEverydaySettings(answers, actor: signedIn.userID) {
                case .refused(let problems):
                    return page(signedIn, yaml: yaml, form: answers, problems: problems.map(SetupPage.sentence), status: .unprocessableContent)
                case .unchanged:
                    return Response(status: .seeOther, headers: [.location: "/policy?unchanged=1"])
                case .saved(let changed):
                    let list = FormQuery.encode(changed.joined(separator: ","))
                    return Response(status: .seeOther, headers: [.location: "/policy?saved=1&changed=\(list)"])
                }
            } catch let error as StoreError {
                return page(signedIn, yaml: yaml, form: answers, problems: [error.message], status: .unprocessableContent)
            }
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
            if fields["action"] == "try" {
                let trial = try await context.requireDesk().tryPolicy(yaml)
                return page(signedIn, yaml: yaml, checked: true, trial: Model.Trial(
                    traffic: trial.traffic, comparison: trial.comparison, current: trial.current.lines, edited: trial.edited.lines))
            }
            do {
                try await context.requireDesk().savePolicy(yaml, actor: signedIn.userID)
            } catch let error as StoreError {
                return page(signedIn, yaml: yaml, problems: [error.message], status: .unprocessableContent)
            }
            return Response(status: .seeOther, headers: [.location: "/policy?saved=1"])
        }
        // The preview of the public page for the text being typed, for the editor's script.
        router.post("policy/preview") { request, context in
            _ = try context.requireCaller()
            let fields = context.form
            return owner.pages.page("policy-preview", Preview(model: Self.preview(fields.raw("yaml"), now: owner.clock.now())))
        }
    }

    /// The parts of a policy the form names when it saves them.
    static let parts = ["business details", "dates and money", "opening hours", "holidays and closures", "reply times",
                        "channels", "urgent matters", "plans"]

    static func diagnostics(_ yaml: String) -> [PolicyDiagnostic] {
        do {
            _ = try Policy.read(yaml: yaml)
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// The editor's preview of the public page: its model, or nil while the policy does not read.
    struct Preview {
        var model: HowWeWorkPage.Model?
        /// Stored, not computed: Mustache sees a model's stored properties only.
        var invalid: Bool

        init(model: HowWeWorkPage.Model?) {
            self.model = model
            invalid = model == nil
        }
    }

    static func preview(_ yaml: String, now: Instant) -> HowWeWorkPage.Model? {
        (try? Policy.read(yaml: yaml)).map { HowWeWorkPage.model($0, slug: nil, now: now) }
    }

    /// Everything the policy page shows.
    struct Model: Equatable {
        /// A line of the file shown around a problem, with the problems found on it.
        struct Line: Equatable {
            var number: Int
            var text: String
            var problems: [String]?
            /// The guide's section for a line with a problem: the top-level key it is under.
            var section: String?
        }
        var yaml: String
        var saved, checked, unchanged, canEdit: Bool
        var changed: String?
        var settings: PolicySettingsForm?
        var problems: [String]
        var hasProblems: Bool
        var diagnosticCount: Int
        /// Whether there is exactly one problem ("1 problem", not "1 problems").
        var oneDiagnostic: Bool
        var hasDiagnostics: Bool
        var annotated: [Line]?
        var beyond: [String]
        var preview: HowWeWorkPage.Model?
        /// The saved policy and the text, tried on the same simulated weeks.
        struct Trial: Equatable {
            var traffic: String
            var comparison, current, edited: [String]
        }
        var trial: Trial?
    }

    static func model(yaml: String, form: PolicyAnswers?, saved: Bool, changed: [String], unchanged: Bool, checked: Bool,
                      problems: [String], canEdit: Bool, now: Instant) -> Model {
        let diagnostics = Self.diagnostics(yaml)
        // The form shows what was typed when it comes back with problems, else the saved policy.
        let answers = form ?? (try? Policy.read(yaml: yaml)).map(PolicyForm.answers(from:))
        let byLine = Dictionary(grouping: diagnostics, by: \.line)
        let texts = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        var section: String?
        let lines = texts.enumerated().map { index, text in
            // A line starting at the margin with `key:` opens the section the lines under it belong to.
            if let first = text.first, first != " ", first != "#", first != "-", let colon = text.firstIndex(of: ":") {
                section = String(text[..<colon]).trimmingCharacters(in: .whitespaces)
            }
            let problems = byLine[index + 1].map { $0.map { "column \($0.column): \($0.message)" } }
            return Model.Line(number: index + 1, text: String(text), problems: problems,
                              section: problems == nil ? nil : section.flatMap { PolicyGuidePage.sections.contains($0) ? $0 : nil })
        }
        // Problems past the last line (an unfinished file) still show.
        let beyond = diagnostics.filter { $0.line > lines.count || $0.line < 1 }.map { "line \($0.line): \($0.message)" }
        return Model(
            yaml: yaml, saved: saved, checked: checked && diagnostics.isEmpty, unchanged: unchanged, canEdit: canEdit,
            changed: changed.isEmpty ? nil : changed.joined(separator: ", "), settings: answers.map(PolicySettingsForm.init),
            problems: problems, hasProblems: !problems.isEmpty,
            diagnosticCount: diagnostics.count, oneDiagnostic: diagnostics.count == 1, hasDiagnostics: !diagnostics.isEmpty,
            annotated: diagnostics.isEmpty ? nil : lines.filter { $0.problems != nil || Self.near($0.number, byLine.keys) },
            beyond: beyond, preview: Self.preview(yaml, now: now))
    }

    private func page(_ signedIn: Caller, yaml: String, form: PolicyAnswers? = nil, saved: Bool = false, changed: [String] = [],
                      unchanged: Bool = false, checked: Bool = false, problems: [String] = [], trial: Model.Trial? = nil,
                      status: HTTPResponse.Status = .ok) -> Response {
        var model = Self.model(yaml: yaml, form: form, saved: saved, changed: changed, unchanged: unchanged, checked: checked,
                               problems: problems, canEdit: signedIn.role == .owner, now: owner.clock.now())
        model.trial = trial
        return owner.render("policy", signedIn, section: .policy, title: "Policy", page: model, status: status)
    }

    /// Whether a line is within two lines of a problem: the context shown around it.
    static func near(_ line: Int?, _ problems: Dictionary<Int, [PolicyDiagnostic]>.Keys) -> Bool {
        guard let line else { return false }
        return problems.contains { abs($0 - line) <= 2 }
    }
}
