import Foundation
import GatehouseCore
import GatehouseDesk
import HTTPTypes
import Hummingbird

/// `/conversations/{id}`: the thread, the triage with its reasons (which the owner can correct),
/// the customer card, and the reply composer with the playbook and when the reply will leave.
struct ConversationPage {
    let owner: OwnerPages
    let publicBaseURL: String

    func add(to router: RouterGroup<DeskContext>) {
        router.get("conversations/:id") { request, context in
            let signedIn = try context.requireCaller()
            let id = try context.parameters.require("id", as: Conversation.ID.self)
            let notice = Self.notices[request.uri.queryParameters.get("done") ?? ""]
            return try await page(signedIn, try context.requireDesk(), id: id.rawValue, notice: notice.map { $0 + (Self.replyTimeWords(request) ?? "") })
        }
        router.post("conversations/:id/reply") { request, context in
            try await form(request, context) { signedIn, conversation, fields in
                let id = conversation.id
                let text = fields.raw("text")
                let desk = try context.requireDesk()
                do {
                    let written = try await desk.replies()
                        .write(conversationID: id, text: text, sendNow: fields["send_now"] == "yes",
                               writer: ReplyWriter(actor: signedIn.userID, composerOpenedAt: Int64(fields["composer_shown_at"])),
                               now: desk.now)
                    if written.leavesNow { desk.nudgeOutbox() }
                    return Response(status: .seeOther,
                                    headers: [.location: "/conversations/\(id)?done=reply&" + Self.replyTimeQuery(written.time)])
                } catch let problem as ReplyProblem {
                    guard problem.code != .notFound else { return nil }
                    return try await page(signedIn, desk, id: id.rawValue, draft: text, replyProblem: problem.message, status: .unprocessableContent)
                }
            }
        }
        router.post("conversations/:id/messages/:message/article") { request, context in
            try await form(request, context) { signedIn, conversation, _ in
                let desk = try context.requireDesk()
                guard let saved = try await desk.articleFromReply(conversationID: conversation.id,
                                                                  messageID: try context.parameters.require("message"),
                                                                  actor: signedIn.userID) else { return nil }
                return Self.replyArticleEditor(saved, signedIn: signedIn, owner: owner)
            }
        }
        router.post("conversations/:id/alert/acknowledge") { request, context in
            try await form(request, context) { signedIn, conversation, _ in
                try await context.requireDesk().acknowledgeAlerts(conversationID: conversation.id)
                return Response(status: .seeOther, headers: [.location: "/conversations/\(conversation.id)?done=acknowledged"])
            }
        }
        router.post("conversations/:id/correct") { request, context in
            try await form(request, context) { signedIn, conversation, fields in
                try await correct(signedIn, try context.requireDesk(), conversation, fields: fields)
            }
        }
        router.post("conversations/:id/outbox/:task/:decision") { request, context in
            try await form(request, context) { signedIn, conversation, _ in
                let id = conversation.id
                let task = try context.parameters.require("task")
                guard let decision = context.parameters.get("decision").flatMap(ConversationEmailDecision.init(rawValue:)),
                      let changed = try await context.requireDesk().decideEmail(task, of: id, decision)
                else { return nil }
                guard changed != nil else {
                    return owner.pages.errorPage(.conflict, heading: "That reply has moved on",
                                                 message: "It was sent, cancelled or changed in the meantime. Nothing was done.",
                                                 link: ("/conversations/\(id)", "Back to the conversation"))
                }
                return Self.back(id.rawValue, done: context.parameters.get("decision") ?? "")
            }
        }
    }

    static let notices = [
        "reply": "Your reply is in the outbox; below is when it leaves and why.",
        "correct": "Your correction is kept, and the conversation is placed where you said.",
        "acknowledged": "Acknowledged: the customer's status page says you are on it, and nobody else is called.",
        "send-now": "The reply leaves now.", "cancel": "The reply is cancelled; it will not be sent.",
        "release": "The reply is released for the next response window.",
        "refer": "The referral is in the outbox, and counted as a request referred out.",
        "decline": "Your kind no is in the outbox.",
    ]

    /// The reply's recorded time as query parameters of the page it goes back to.
    static func replyTimeQuery(_ outcome: ReplyTime.Outcome) -> String {
        if outcome.failed { return "time=failed" }
        if let skipped = outcome.skipped { return "time=skipped&why=\(skipped.rawValue)" }
        return "time=\(outcome.minutes)" + (outcome.adjustments.isEmpty ? "" : "&why=" + outcome.adjustments.map(\.rawValue).joined(separator: ","))
    }

    /// The reply's recorded time in words, read back from the query (only known words are shown).
    static func replyTimeWords(_ request: Request) -> String? {
        let query = request.uri.queryParameters
        guard let time = query.get("time") else { return nil }
        let why = (query.get("why") ?? "").split(separator: ",").map(String.init)
        let outcome: ReplyTime.Outcome
        if time == "failed" {
            outcome = ReplyTime.Outcome(minutes: 0, adjustments: [], skipped: nil, failed: true)
        } else if time == "skipped", let skip = why.first.flatMap(ComposingTime.Skip.init) {
            outcome = ReplyTime.Outcome(minutes: 0, adjustments: [], skipped: skip, failed: false)
        } else if let minutes = Int(time), (1...60).contains(minutes) {
            outcome = ReplyTime.Outcome(minutes: minutes, adjustments: why.compactMap(ComposingTime.Adjustment.init),
                                        skipped: nil, failed: false)
        } else {
            return nil
        }
        return " " + outcome.words
    }

    /// The article editor on the draft just started from a reply, with what was taken out of it.
    static func replyArticleEditor(_ saved: SavedReplyArticle, signedIn: Caller, owner: OwnerPages) -> Response {
        let article = saved.article.article
        let draft = ArticleDraft(title: article.title, category: article.category, tags: article.tags,
                                 questions: article.questions, body: article.body, isPublished: article.isPublished)
        var model = HelpArticlesPage.form(action: "/help/articles/\(article.id)", heading: "Edit “\(article.title)”", draft: draft,
                                          publicHref: nil)
        model.fromReply = saved.reasons
        model.hasFromReply = !saved.reasons.isEmpty
        return owner.render("help-article-form", signedIn, section: .settings, title: article.title, page: model, status: .created)
    }

    static func back(_ id: String, done: String) -> Response {
        Response(status: .seeOther, headers: [.location: "/conversations/\(id)?done=\(done)"])
    }

    /// Runs a form post of a conversation, past the door (sign-in and CSRF); a nil
    /// answer from `handle` means the conversation (or the thing in it) is not this workspace's.
    private func form(_ request: Request, _ context: DeskContext,
                      _ handle: (Caller, Conversation, FormFields) async throws -> Response?) async throws -> Response {
        let signedIn = try context.requireCaller()
        let id = try context.parameters.require("id", as: Conversation.ID.self)
        let fields = context.form
        guard let conversation = try await context.requireDesk().conversation(id),
              let response = try await handle(signedIn, conversation, fields)
        else { return notFound() }
        return response
    }

    private func notFound() -> Response {
        owner.pages.errorPage(.notFound, heading: "No such conversation",
                              message: "It is not in this workspace, or it was merged into another one.",
                              link: ("/inbox", "Back to the inbox"))
    }

    private func correct(_ signedIn: Caller, _ desk: WorkspaceDesk, _ conversation: Conversation,
                         fields: FormFields) async throws -> Response? {
        var problems: [String] = []
        func yesNo(_ name: String, _ label: String) -> Bool {
            switch fields[name] {
            case "yes": return true
            case "no": return false
            default:
                problems.append("\(label): choose yes or no.")
                return false
            }
        }
        let urgent = yesNo("urgent", "Urgent")
        let important = yesNo("important", "Important")
        let scope = ScopeFinding(rawValue: fields["scope"])
        if scope == nil { problems.append("Scope: choose in scope, out of scope or unclear.") }
        guard problems.isEmpty, let scope else {
            return try await page(signedIn, desk, id: conversation.id.rawValue, correctionProblems: problems, status: .unprocessableContent)
        }
        switch try await desk.corrections.correct(conversation, urgent: urgent, important: important, scope: scope,
                                                  note: fields["note"], actor: signedIn.userID, now: desk.now) {
        case .corrected: return Self.back(conversation.id.rawValue, done: "correct")
        case .unchanged: return Self.back(conversation.id.rawValue, done: "")
        case .notFound: return nil
        }
    }

    // MARK: The page

    private func page(_ signedIn: Caller, _ desk: WorkspaceDesk, id: String, notice: String? = nil, draft: String? = nil, replyProblem: String? = nil,
                      correctionProblems: [String] = [], status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let file = try await desk.conversationFile(Conversation.ID(id)) else { return notFound() }
        let conversation = file.conversation
        if let merged = conversation.mergedInto {
            return Response(status: .seeOther, headers: [.location: "/conversations/\(merged)"])
        }
        let (thread, emails, customer, corrections) = (file.thread, file.emails, file.customer, file.corrections)
        let policy = try signedIn.workspace.policy()
        let calendar = try signedIn.workspace.businessCalendar()
        let now = owner.clock.now()
        let plan = customer.flatMap { policy.plan(id: $0.planID) } ?? policy.defaultPlan
        func when(_ seconds: Int64) -> String { calendar.relative(Instant(secondsSince1970: seconds), from: now) }

        let byMessage = Dictionary(emails.compactMap { email in email.payload.map { ($0.messageID, email) } }) { a, _ in a }
        let messages = thread.map { message -> Model.Message in
            let problems = message.direction == .inbound ? (message.problems ?? "").split(separator: "\n").map(String.init) : []
            let email = byMessage[message.id]
            let new = message.newText?.trimmingCharacters(in: .whitespacesAndNewlines)
            let whole = message.text.trimmingCharacters(in: .whitespacesAndNewlines)
            let fromBusiness = message.direction != .inbound
            // Gatehouse's alerts to the owner live in the thread they are about, as notes: the customer never saw them.
            let toOwner = email?.payload?.purpose == .ownerAlert
            let from = switch email?.payload?.purpose {
            case .acknowledgement: "Automatic acknowledgement"
            case .ownerAlert: "Gatehouse, to you"
            case .booking: "Booking email"
            default: fromBusiness ? "You" : (message.senderName ?? message.sender ?? customer?.name ?? "The customer")
            }
            return Model.Message(
                id: message.id, direction: toOwner ? "note" : message.direction.rawValue, from: from,
                address: fromBusiness ? nil : message.sender,
                when: when(message.sentAt ?? message.receivedAt),
                channel: InboxPage.channelLabel(message.channel),
                text: (new?.isEmpty == false ? new : whole) ?? "",
                folded: (new?.isEmpty == false && new != whole) ? whole : nil,
                email: toOwner ? nil : email.map { Self.emailModel($0, when: when) },
                saveAsArticle: WorkspaceDesk.isSentReply(message, email: email),
                problems: problems, hasProblems: !problems.isEmpty)
        }
        let lastInbound = thread.last { $0.direction == .inbound }
        let timing = ReplySchedule.timing(written: now, customerWrote: lastInbound.map { Instant(secondsSince1970: $0.receivedAt) },
                                          promise: conversation.promisedAt,
                                          urgent: conversation.urgent, sendNow: false, calendar: calendar)
        let judgement = TriageCorrection.judgement(of: conversation, urgentRule: policy.urgent.withoutAccess)
        let drafts = ReplyPlaybook.drafts(policy: policy, facts: PlaybookFacts(
            customerName: customer?.name ?? "", customerEmail: customer?.emails.first, plan: plan, subject: conversation.subject,
            statusLink: publicBaseURL + "/status/" + (conversation.statusToken ?? ""),
            promise: conversation.promisedAt, reasons: conversation.reasons,
            timeBox: file.timeBox), now: now)
        let use = AllowanceUse.of(used: file.usedThisMonth, plan: plan)
        let jobs = file.jobs
        let activeJob = jobs.first { $0.status == .agreed || $0.status == .inProgress }
        let partners = policy.referrals.sorted { a, b in
            ReplyPlaybook.names(conversation.reasons, a.name) && !ReplyPlaybook.names(conversation.reasons, b.name)
        }
        let quadrant = conversation.quadrant ?? .someday
        let quadrantLabel = InboxPage.quadrants.first { $0.id == quadrant.rawValue }?.label ?? "Someday"
        var model = Model(
            conversationID: conversation.id.rawValue, subject: conversation.subject.isEmpty ? "(no subject)" : conversation.subject,
            notice: notice, messages: messages, quadrant: quadrantLabel,
            quadrantLink: "/inbox?quadrant=" + quadrant.rawValue,
            reasons: conversation.reasons,
            urgent: conversation.urgent, closed: conversation.status != .open,
            promise: conversation.promisedAt.map { when($0.secondsSince1970) },
            late: conversation.promisedAt.map { $0 < now } ?? false,
            customer: customer.map { c in Model.Customer(
                id: c.id.rawValue, name: c.name, emails: c.emails, phones: c.phones, plan: plan.name,
                fee: policy.business.price(plan.fee), firstResponse: plan.firstResponse.description,
                allowance: plan.monthlyAllowance?.spokenDescription, urgentAccess: plan.urgentAccess,
                notes: c.notes, kind: c.kind == .prospect ? "prospect" : nil,
                timeUsed: use.words(plan: plan), timePercent: use.fraction.map { Int(min(1, $0) * 100) },
                timeOver: use.level == .reached,
                callWarning: use.warning(adding: plan.meetingLength, plan: plan)) },
            judgement: Model.Judgement(
                urgentYes: judgement.urgent, importantYes: judgement.important,
                scopes: ScopeFinding.allCases.map { Model.Option(value: $0.rawValue, label: $0.label, selected: $0 == judgement.scope) }),
            corrections: corrections.map { c in
                Model.Correction(field: c.field, old: c.oldValue, new: c.newValue, note: c.note, when: when(c.at),
                                 who: c.actor == signedIn.userID ? "you" : "a colleague")
            },
            correctionProblems: correctionProblems, hasCorrectionProblems: !correctionProblems.isEmpty,
            drafts: drafts.enumerated().map { Model.Draft(key: "\($0.offset)", label: $0.element.label, text: $0.element.text) },
            draft: draft, replyProblem: replyProblem, composerShownAt: "\(now.secondsSince1970)",
            leaves: conversation.urgent ? "at once" : when(timing.sendAt.secondsSince1970),
            leavesWhy: conversation.urgent ? "the conversation is urgent, so replies are not held for a response window" : timing.reason,
            canEmail: customer?.emails.isEmpty == false,
            scope: Model.Scope(
                outOfScope: conversation.scope == .outOfScope,
                job: activeJob.map { Model.JobLink(id: $0.id.rawValue, title: $0.title) },
                partners: partners.map { Model.Partner(name: $0.name) },
                otherJobs: jobs.filter { $0.id != activeJob?.id && !$0.status.isClosed }.map { Model.JobLink(id: $0.id.rawValue, title: $0.title) }),
            statusLink: conversation.statusToken.map { publicBaseURL + "/status/" + $0 })
        (model.alerts, model.alertOpen) = try await desk.alertHistory(conversationID: conversation.id)
        model.hasAlerts = !model.alerts.isEmpty
        model.selfServed = file.selfServed
        model.promises = file.promises.reversed().map { entry in
            Model.PromiseLine(made: when(entry.madeAt.secondsSince1970), due: calendar.spoken(entry.due),
                              rule: Self.ruleLabel(entry.rule), outcome: entry.summary(at: now, spoken: calendar.spoken),
                              state: entry.isBroken(at: now) ? "broken" : entry.outcome.rawValue, words: entry.words)
        }
        model.hasPromises = !model.promises.isEmpty
        return owner.render("conversation", signedIn, section: .inbox, title: conversation.subject.isEmpty ? "Conversation" : conversation.subject,
                            page: model, status: status)
    }

    /// Everything the conversation page shows.
    struct Model: Equatable {
        struct Email: Equatable {
            var task, state, words: String
            var why, error: String?
            var canSendNow, canRelease, canCancel: Bool
        }
        struct Message: Equatable {
            var id, direction, from: String
            var address: String?
            var when, channel, text: String
            var folded: String?
            var email: Email?
            /// A reply that has left: it can start a help article.
            var saveAsArticle = false
            /// What the desk noticed reading a customer's message (a malformed address, a reused Message-ID).
            var problems: [String] = []
            var hasProblems = false
        }
        struct Customer: Equatable {
            var id, name: String
            var emails, phones: [String]
            var plan, fee, firstResponse: String
            var allowance: String?
            var urgentAccess: Bool
            var notes: String
            var kind: String?
            var timeUsed: String
            var timePercent: Int?
            var timeOver: Bool
            var callWarning: String?
        }
        struct Option: Equatable { var value, label: String; var selected: Bool }
        struct Judgement: Equatable {
            var urgentYes, importantYes: Bool
            var scopes: [Option]
        }
        struct Correction: Equatable {
            var field, old, new: String
            var note: String?
            var when, who: String
        }
        struct Draft: Equatable { var key, label, text: String }
        struct JobLink: Equatable { var id, title: String }
        struct Partner: Equatable { var name: String }
        struct Scope: Equatable {
            var outOfScope: Bool
            var job: JobLink?
            var partners: [Partner]
            var otherJobs: [JobLink]
        }
        var conversationID, subject: String
        var notice: String?
        var messages: [Message]
        var quadrant, quadrantLink: String
        var reasons: [String]
        var urgent, closed: Bool
        var promise: String?
        var late: Bool
        var customer: Customer?
        var judgement: Judgement
        var corrections: [Correction]
        var correctionProblems: [String]
        var hasCorrectionProblems: Bool
        var drafts: [Draft]
        var draft, replyProblem: String?
        var composerShownAt, leaves, leavesWhy: String
        var canEmail: Bool
        var scope: Scope
        var statusLink: String?
        /// What became of the alerts about it, and whether one still waits for "I've got it".
        var alerts: [String] = []
        var hasAlerts = false
        var alertOpen = false
        /// Closed by the customer with a help article's "this solved it".
        var selfServed = false
        /// The conversation's promises from the ledger, newest first.
        struct PromiseLine: Equatable {
            var made, due, rule, outcome, state: String
            var words: String?
        }
        var promises: [PromiseLine] = []
        var hasPromises = false
    }

    /// "your plan's first-response time": why a promise was made, in the owner's words.
    static func ruleLabel(_ rule: PromiseRule) -> String {
        switch rule {
        case .plan: "the plan's first-response time"
        case .urgent: "the urgent rule"
        case .closure: "a closure: the answer comes when you open again"
        }
    }

    static func emailModel(_ email: OutboxEmail, when: (Int64) -> String) -> Model.Email {
        let state = email.state
        let words: String = switch state {
        case .scheduled: "leaves " + when(email.task.runAt)
        case .held: "held for you"
        case .sending: "being sent now"
        case .sent: "sent"
        case .retrying: "not accepted yet; tried again " + when(email.task.runAt)
        case .failed: "failed"
        case .uncertain: "uncertain: the mail server's answer was lost"
        case .cancelled: "cancelled"
        }
        return Model.Email(task: email.task.id, state: state.rawValue, words: words, why: email.task.note, error: email.task.lastError,
                           canSendNow: [.scheduled, .held, .retrying].contains(state), canRelease: state == .held,
                           canCancel: [.scheduled, .held, .retrying, .failed, .uncertain].contains(state))
    }
}

