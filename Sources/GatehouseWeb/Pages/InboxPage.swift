import Foundation
import GatehouseCore
import GatehouseDesk
import HTTPTypes
import Hummingbird

/// `/inbox`: open conversations in the four quadrants, with filters, search and paging.
struct InboxPage {
    let owner: OwnerPages

    static let quadrants: [(id: String, label: String, blurb: String)] = [
        (Quadrant.doNow.rawValue, "Do now", "Urgent by your definition and important."),
        (Quadrant.schedule.rawValue, "Schedule", "Important, not urgent: answered in the next response window."),
        (Quadrant.delegateOrRefer.rawValue, "Delegate or refer", "For a partner, or urgent but not yours to carry."),
        (Quadrant.someday.rawValue, "Someday", "Neither urgent nor important: answered in turn, never forgotten."),
    ]
    /// How many conversations each quadrant shows on the overview; the rest are a click away.
    static let overviewCount = 5
    /// How many search results the overview reads (and counts) at most.
    static let searchLimit = 200

    func add(to router: RouterGroup<DeskContext>) {
        router.get("inbox") { request, context in
            let signedIn = try context.requireCaller()
            return try await page(request, signedIn, try context.requireDesk())
        }
    }

    private func page(_ request: Request, _ signedIn: Caller, _ desk: WorkspaceDesk) async throws -> Response {
        let query = FormQuery(request)
        func value(_ name: String) -> String? { query.get(name).map { String($0.prefix(200)) } }
        let status = value("status") ?? "open"
        var filter = ConversationFilter(quadrant: value("quadrant"), channel: value("channel"), customerID: value("customer").map { Customer.ID($0) },
                                        plan: value("plan"), status: status == "all" ? nil : status, scope: value("scope"),
                                        search: value("q"))
        if let quadrant = filter.quadrant, !Self.quadrants.contains(where: { $0.id == quadrant }) { filter.quadrant = nil }
        let conversations = desk.conversationRecords
        let policy = try? signedIn.workspace.policy()
        let calendar = try? signedIn.workspace.businessCalendar()
        let now = owner.clock.now()
        // A search reads every message's text: it is done once, and its first `searchLimit` results
        // are counted here rather than counted again by the database.
        var found: [ConversationListing]?
        if filter.search != nil, filter.quadrant == nil {
            found = try await conversations.inbox(filter, limit: Self.searchLimit + 1).items
        }
        let counts: [String: Int]
        if let found {
            counts = Dictionary(grouping: found, by: { ($0.conversation.quadrant ?? .someday).rawValue }).mapValues(\.count)
        } else {
            counts = try await conversations.quadrantCounts(filter)
        }
        var customerName: String?
        if let id = filter.customerID {
            customerName = try await desk.customers.customer(id)?.name
        }

        func items(_ listings: [ConversationListing], answered: Set<Conversation.ID>, selfServed: Set<Conversation.ID> = []) -> [Model.Item] {
            listings.map { listing in
                let c = listing.conversation
                return Model.Item(id: c.id.rawValue, subject: c.subject.isEmpty ? "(no subject)" : c.subject, customer: listing.customerName,
                                  channel: Self.channelLabel(c.channel),
                                  // A settled conversation owes nobody an answer: no "promised by" on it.
                                  promise: c.status == .open ? c.promisedAt.flatMap { at in calendar?.relative(at, from: now) } : nil,
                                  late: c.status == .open && c.isLate(at: now), answered: answered.contains(c.id), why: Self.placeReason(c),
                                  urgent: c.urgent, outOfScope: c.scope == .outOfScope, selfServed: selfServed.contains(c.id))
            }
        }

        // Only a closed conversation is closed as self-served: the open inbox need not ask.
        func selfServedAmong(_ listings: [ConversationListing]) async throws -> Set<Conversation.ID> {
            guard status != "open" else { return [] }
            return try await conversations.selfServed(listings.map(\.conversation.id))
        }

        var model = Model(summary: "", q: filter.search, channels: [], plans: [], statuses: [], scopes: [],
                          quadrant: filter.quadrant, customer: nil, filtered: false, overview: false, quadrants: [], one: nil)
        let base = Self.link(filter: filter, status: status, quadrant: nil)
        if let chosen = filter.quadrant, let quadrant = Self.quadrants.first(where: { $0.id == chosen }) {
            let page: Page<ConversationListing>
            do {
                page = try await conversations.inbox(filter, after: value("after"), limit: 25)
            } catch let error as StoreError {
                return owner.pages.errorPage(.badRequest, heading: "This page of the inbox does not exist",
                                             message: error.message, link: ("/inbox", "Back to the inbox"))
            }
            model.one = Model.One(
                label: quadrant.label, blurb: quadrant.blurb, count: counts[chosen] ?? 0,
                items: items(page.items, answered: try await conversations.answered(page.items.map(\.conversation.id)),
                             selfServed: try await selfServedAmong(page.items)),
                empty: page.items.isEmpty,
                next: page.next.map { Self.link(filter: filter, status: status, quadrant: chosen) + "&after=" + $0 },
                first: value("after") != nil ? Self.link(filter: filter, status: status, quadrant: chosen) : nil,
                all: base)
        } else {
            var pages: [[ConversationListing]] = []
            if let found {
                pages = Self.quadrants.map { quadrant in
                    Array(found.filter { ($0.conversation.quadrant ?? .someday).rawValue == quadrant.id }.prefix(Self.overviewCount))
                }
            } else {
                for quadrant in Self.quadrants {
                    var narrowed = filter
                    narrowed.quadrant = quadrant.id
                    pages.append(try await conversations.inbox(narrowed, limit: Self.overviewCount).items)
                }
            }
            let answered = try await conversations.answered(pages.flatMap { $0.map(\.conversation.id) })
            let selfServed = try await selfServedAmong(pages.flatMap { $0 })
            for (quadrant, page) in zip(Self.quadrants, pages) {
                let count = counts[quadrant.id] ?? 0
                model.quadrants.append(Model.Section(
                    id: quadrant.id, label: quadrant.label, blurb: quadrant.blurb, count: count,
                    items: items(page, answered: answered, selfServed: selfServed), empty: page.isEmpty, more: count > page.count,
                    link: Self.link(filter: filter, status: status, quadrant: quadrant.id)))
            }
            model.overview = true
        }
        let total = counts.values.reduce(0, +)
        model.summary = (found?.count ?? 0) > Self.searchLimit
            ? "More than \(Self.searchLimit) conversations match; the first of each quadrant are below. Add words to narrow it."
            : Self.summary(total: total, counts: counts, status: status)
        model.channels = Channel.allCases.map {
            Model.Option(value: $0.rawValue, label: Self.channelLabel($0), selected: $0.rawValue == filter.channel)
        }
        model.plans = (policy?.plans ?? []).map { Model.Option(value: $0.id, label: $0.name, selected: $0.id == filter.plan) }
        model.statuses = [("open", "Open"), ("closed", "Closed"), ("all", "Open and closed")].map {
            Model.Option(value: $0.0, label: $0.1, selected: $0.0 == status)
        }
        model.scopes = [("in_scope", "In scope"), ("out_of_scope", "Out of scope"), ("unclear", "Unclear")].map {
            Model.Option(value: $0.0, label: $0.1, selected: $0.0 == filter.scope)
        }
        if let id = filter.customerID {
            model.customer = Model.CustomerFilter(
                id: id.rawValue, name: customerName ?? "a customer not in this workspace",
                clear: Self.link(filter: ConversationFilter(quadrant: filter.quadrant, channel: filter.channel, plan: filter.plan,
                                                            scope: filter.scope, search: filter.search),
                                 status: status, quadrant: filter.quadrant))
        }
        model.filtered = filter.channel != nil || filter.plan != nil || filter.scope != nil || filter.search != nil
            || filter.customerID != nil || status != "open"
        // Said on the folded control, so a phone shows what is on without opening it over the list.
        let chosen = [model.channels, model.plans, model.scopes].compactMap { $0.first(where: \.selected)?.label }
        let on = (filter.search.map { ["“\($0)”"] } ?? []) + (model.customer.map { ["with \($0.name)"] } ?? []) + chosen
            + (status == "open" ? [] : model.statuses.filter(\.selected).map(\.label))
        model.filtersOn = on.isEmpty ? nil : on.joined(separator: " · ")
        model.liveSince = String(try await desk.latestUrgentArrival()?.secondsSince1970 ?? 0)
        return owner.render("inbox", signedIn, section: .inbox, title: "Inbox", page: model)
    }

    /// Everything the inbox shows.
    struct Model: Equatable {
        struct Item: Equatable {
            var id, subject, customer, channel: String
            var promise: String?
            var late, answered: Bool
            var why: String?
            var urgent, outOfScope: Bool
            /// Closed by the customer with a help article's "this solved it".
            var selfServed = false
        }
        /// A quadrant on the overview: its first few conversations.
        struct Section: Equatable {
            var id, label, blurb: String
            var count: Int
            var items: [Item]
            var empty, more: Bool
            var link: String
        }
        /// One quadrant, a page at a time.
        struct One: Equatable {
            var label, blurb: String
            var count: Int
            var items: [Item]
            var empty: Bool
            var next, first: String?
            var all: String
        }
        struct Option: Equatable { var value, label: String; var selected: Bool }
        struct CustomerFilter: Equatable { var id, name, clear: String }
        var summary: String
        var q: String?
        var channels, plans, statuses, scopes: [Option]
        var quadrant: String?
        var customer: CustomerFilter?
        var filtered, overview: Bool
        /// The filters that are on, in words ("“boiler” · Care · Closed"), or nil.
        var filtersOn: String?
        var quadrants: [Section]
        var one: One?
        /// The moment (seconds) of the latest urgent message the page shows: it updates itself after.
        var liveSince = "0"
    }

    /// A channel as a label in a list.
    /// A stored channel name in words; a name this version does not know is shown as it is.
    static func channelLabel(_ name: String) -> String { Channel(rawValue: name).map(channelLabel) ?? name }

    static func channelLabel(_ channel: Channel) -> String {
        switch channel {
        case .email: "Email"
        case .webForm: "Contact form"
        case .phone: "Phone"
        case .sms: "Text message"
        case .chat: "Chat"
        }
    }

    /// The one line that says why a conversation is where it is: its quadrant's reason.
    static func placeReason(_ conversation: Conversation) -> String? {
        let lines = conversation.reasons
        let prefix = (conversation.quadrant ?? .someday).reasonPrefix
        return lines.first { $0.hasPrefix(prefix) } ?? lines.first { $0.hasPrefix("corrected") } ?? lines.first
    }

    static func summary(total: Int, counts: [String: Int], status: String) -> String {
        let what = status == "closed" ? "closed" : status == "all" ? "" : "open"
        guard total > 0 else { return "No \(what.isEmpty ? "" : what + " ")conversations here." }
        let parts = quadrants.compactMap { q -> String? in
            let n = counts[q.id] ?? 0
            return n > 0 ? "\(n) \(q.label.lowercased())" : nil
        }
        return "\(total) \(what.isEmpty ? "" : what + " ")conversation\(total == 1 ? "" : "s"): " + parts.joined(separator: ", ") + "."
    }

    /// The inbox URL for a filter.
    static func link(filter: ConversationFilter, status: String, quadrant: String?) -> String {
        var parts: [(String, String?)] = [("quadrant", quadrant), ("q", filter.search), ("channel", filter.channel),
                                          ("plan", filter.plan), ("scope", filter.scope), ("customer", filter.customerID?.rawValue)]
        if status != "open" { parts.append(("status", status)) }
        let query = parts.compactMap { name, value -> String? in
            guard let value, !value.isEmpty else { return nil }
            return name + "=" + FormQuery.encode(value)
        }
        return "/inbox" + (query.isEmpty ? "?" : "?" + query.joined(separator: "&"))
    }
}
