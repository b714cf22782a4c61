import Foundation
import GatehouseCore
import GatehouseDesk
import Hummingbird
import Synchronization

/// `/w/SLUG/help-suggestions?q=…`: the articles for what a customer is typing on the
/// contact form, as JSON for the form's script (`help-suggest.js`). Nothing is
/// counted or kept while they type: only a message actually sent is (see `ContactPage`).
/// Never anything for an urgent message, never below the owner's threshold.
///
/// Anyone may call it, so each client address gets `allowance` (the form's script asks at
/// most once a pause in typing, far below it); beyond, the answer is 429 with `Retry-After`.
struct HelpSuggestionsFeed {
    let help: PublicHelp
    let clock: any DeskClock
    var allowance = Self.standardAllowance
    /// What each client address has asked in its current window (this instance's memory).
    let counts = ClientCounts()

    static let standardAllowance = RequestAllowance(limit: 60, window: .minutes(1))

    struct Article: Encodable, Equatable { var title, href: String }
    struct Answer: Encodable, Equatable { var articles: [Article] }
    struct Refusal: Encodable, Equatable {
        struct Problem: Encodable, Equatable { var code, message: String }
        var articles: [Article] = []
        var error: Problem
    }

    func add(to router: Router<DeskContext>) {
        router.get("w/:slug/help-suggestions") { request, context in
            let decision = counts.decide(allowance, address: context.address, now: clock.now())
            if let wait = decision.retryAfter {
                var response = try JSONResponse.make(Refusal(error: .init(
                    code: "too_many_requests",
                    message: "Too many suggestion requests from your address: at most \(allowance.limit) a minute. "
                        + "Please wait \(wait.seconds) seconds; your message can be sent meanwhile.")),
                    status: .tooManyRequests)
                response.headers[.retryAfter] = String(wait.seconds)
                return response
            }
            guard let workspace = try await help.workspace(slug: try context.parameters.require("slug")) else {
                return try JSONResponse.make(Answer(articles: []), status: .notFound)
            }
            let text = String(HelpPages.searchWords(request.uri.query).prefix(10_000))
            guard text.count >= 12 else { return try JSONResponse.make(Answer(articles: [])) }
            let suggestion = try await workspace.suggest(forMessage: text, counting: false)
            return try JSONResponse.make(Answer(articles: suggestion.matches.map {
                Article(title: $0.article.title, href: "/w/\(workspace.slug)/help/\($0.article.slug)")
            }))
        }
    }

    /// Each client address's count, kept in memory and bounded: windows that ended are
    /// forgotten first, so a flood of addresses cannot grow it without limit.
    final class ClientCounts: Sendable {
        static let capacity = 10_000
        private let counts = Mutex<[String: RequestAllowance.Count]>([:])

        func decide(_ allowance: RequestAllowance, address: String, now: Instant) -> RequestAllowance.Decision {
            counts.withLock { counts in
                let decision = allowance.decide(counts[address], now: now)
                if counts[address] == nil, counts.count >= Self.capacity {
                    counts = counts.filter { now < $0.value.windowStart + allowance.window }
                    if counts.count >= Self.capacity { counts.removeAll(keepingCapacity: true) }
                }
                counts[address] = decision.count
                return decision
            }
        }
    }
}
