import Foundation
import GatehouseCore
import GatehouseDesk
import HTTPTypes
import Hummingbird

/// The customer's pages for a job, reached from the links in the messages: `/agree/{token}`,
/// where they agree to the job summary, and `/change/{token}`, where they accept or decline a
/// change order. No account: the unguessable token opens this one page. Each answer is kept
/// with its time and the address it came from, and is taken once.
struct AgreementPages {
    let agreements: JobAgreements
    let clock: any DeskClock
    let pages: PageRenderer


    func add(to router: Router<DeskContext>) {
        router.get("agree/:token") { request, context in
            let token = try context.parameters.require("token")
            guard let (workspace, job) = try await agreements.job(token: token) else { return missing() }
            return try await agreementPage(request, token: token, job: job, workspace: workspace)
        }
        router.post("agree/:token") { request, context in
            let token = try context.parameters.require("token")
            let fields = try await FormFields.read(request, limit: 16 * 1024)
            guard let (workspace, job) = try await agreements.job(token: token) else { return missing() }
            guard BrowserSignIns.same(fields["form_token"], request.cookies[BrowserSignIns.formCookie]?.value) else {
                return try await agreementPage(request, token: token, job: job, workspace: workspace, status: .forbidden,
                                               problem: "This page had been open for too long. Nothing was recorded yet: please press the button again.")
            }
            do {
                guard let agreed = try await agreements.agree(token: token, address: context.address, now: clock.now())
                else { return missing() }
                return try await agreementPage(request, token: token, job: agreed, workspace: workspace)
            } catch let problem as JobProblem {
                return try await agreementPage(request, token: token, job: job, workspace: workspace, status: .conflict,
                                               problem: problem.message)
            }
        }
        router.get("change/:token") { request, context in
            let token = try context.parameters.require("token")
            guard let (workspace, order) = try await agreements.changeOrder(token: token) else { return missing() }
            return try await changePage(request, token: token, order: order, workspace: workspace)
        }
        router.post("change/:token") { request, context in
            let token = try context.parameters.require("token")
            let fields = try await FormFields.read(request, limit: 16 * 1024)
            guard let (workspace, order) = try await agreements.changeOrder(token: token) else { return missing() }
            guard let answer = ChangeOrderDecision.Answer(rawValue: fields["answer"]) else {
                return try await changePage(request, token: token, order: order, workspace: workspace, status: .unprocessableContent,
                                            problem: "Please press one of the two buttons: accept or decline.")
            }
            // An answer to a change already decided (a second press, another tab) changes nothing and says so.
            if order.status != .sent, let job = try await agreements.job(of: order, workspace: workspace) {
                let calendar = try workspace.businessCalendar()
                do throws(JobProblem) {
                    try ChangeOrderDecision.check(order: order.status, decidedAt: order.decidedAt.map(calendar.spoken), job: job.status)
                } catch {
                    return try await changePage(request, token: token, order: order, workspace: workspace, status: .conflict,
                                                problem: Self.sentence(error.message))
                }
            }
            guard BrowserSignIns.same(fields["form_token"], request.cookies[BrowserSignIns.formCookie]?.value) else {
                return try await changePage(request, token: token, order: order, workspace: workspace, status: .forbidden,
                                            problem: "This page had been open for too long. Nothing was recorded yet: please press the button again.")
            }
            do {
                guard let decided = try await agreements.decide(token: token, answer, address: context.address,
                                                                workspace: workspace, now: clock.now())
                else { return missing() }
                return try await changePage(request, token: token, order: decided, workspace: workspace, justDecided: true)
            } catch let problem as JobProblem {
                let current = try await agreements.changeOrder(token: token)?.order ?? order
                return try await changePage(request, token: token, order: current, workspace: workspace, status: .conflict,
                                            problem: Self.sentence(problem.message))
            }
        }
    }

    /// What the customer's agreement page shows.
    struct Agreement: Equatable {
        var title, business, jobTitle, token: String
        var included, excluded: [String]
        var hasExcluded: Bool
        var price, timeFrame: String?
        var nextStep: String
        var agreedAt: String?
        var canAgree: Bool
        /// The status of a closed job, in words.
        var closed: String?
        var problem: String?
        var slug, formToken: String
    }

    /// What the customer's change-order page shows.
    struct Change: Equatable {
        var title, business: String
        var jobTitle: String?
        var token, item: String
        var price: String?
        var timeEffect: String
        var message: String?
        /// The answer already given, or the withdrawal, in a sentence.
        var state: String?
        var problem: String?
        var canDecide: Bool
        var slug, formToken: String
    }

    /// "this change was …" as a sentence: "This change was ….".
    static func sentence(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst() + (text.hasSuffix(".") ? "" : ".")
    }

    private func missing() -> Response {
        pages.errorPage(.notFound, heading: "We cannot find this page",
                        message: "The link may have been copied incompletely. Please use the whole link from the email you received.")
    }

    /// The page made with a fresh form token, which it carries and the form cookie keeps.
    private func respond<Page>(_ request: Request, _ template: String, status: HTTPResponse.Status,
                               _ page: (_ formToken: String) -> Page) -> Response {
        let formToken = BrowserSignIns.randomToken()
        var response = pages.page(template, page(formToken), status: status, capability: true)
        response.setCookie(BrowserSignIns.cookie(BrowserSignIns.formCookie, formToken, maxAge: 4 * 3600,
                                                  secure: BrowserSignIns.isSecure(request)))
        return response
    }

    private func agreementPage(_ request: Request, token: String, job: Job, workspace: Workspace,
                               status: HTTPResponse.Status = .ok, problem: String? = nil) async throws -> Response {
        let policy = try workspace.policy()
        let calendar = try workspace.businessCalendar()
        let extra = try await agreements.acceptedExtraCents(jobID: job.id, workspace: workspace)
        let words = JobWords.values(job: job, acceptedExtraCents: extra, policy: policy)
        return respond(request, "agree", status: status) { formToken in
            Agreement(
                title: "\(job.title) — \(policy.business.name)", business: policy.business.name, jobTitle: job.title,
                token: token, included: job.included, excluded: job.excluded, hasExcluded: !job.excluded.isEmpty,
                price: words["job.price"]?.nonEmpty, timeFrame: words["job.time_frame"]?.nonEmpty,
                nextStep: job.nextStep + (job.nextStepOwner == .us ? " (\(policy.business.name) takes this step)" : " (this step is yours)"),
                agreedAt: job.agreedAt.map(calendar.spoken),
                canAgree: job.status == .proposed, closed: job.status.isClosed ? job.status.label : nil,
                problem: problem?.nonEmpty, slug: workspace.slug, formToken: formToken)
        }
    }

    private func changePage(_ request: Request, token: String, order: ChangeOrder, workspace: Workspace,
                            status: HTTPResponse.Status = .ok, problem: String? = nil, justDecided: Bool = false)
        async throws -> Response {
        let policy = try workspace.policy()
        let calendar = try workspace.businessCalendar()
        let job = try await agreements.job(of: order, workspace: workspace)
        let state: String? = switch order.status {
        case .accepted: "You accepted this change on \(order.decidedAt.map(calendar.spoken) ?? "")"
            + (justDecided ? ". Thank you — it is now part of the job." : ".")
        case .declined: "You declined this change on \(order.decidedAt.map(calendar.spoken) ?? "")"
            + (justDecided ? ". Thank you for letting us know — the job goes on as agreed." : ".")
        case .withdrawn: "\(policy.business.name) withdrew this change, so there is nothing to decide."
        case .draft, .sent: nil
        }
        return respond(request, "change", status: status) { formToken in
            Change(
                title: "A change to \(job?.title ?? "your job") — \(policy.business.name)", business: policy.business.name,
                jobTitle: job?.title.nonEmpty, token: token, item: order.item,
                price: order.priceCents.map { policy.business.price($0) }?.nonEmpty,
                timeEffect: ChangeOrderProposal.timeEffect(order.extraDays),
                message: order.message.nonEmpty, state: state, problem: problem?.nonEmpty,
                canDecide: order.status == .sent && job?.status.isClosed == false,
                slug: workspace.slug, formToken: formToken)
        }
    }
}
