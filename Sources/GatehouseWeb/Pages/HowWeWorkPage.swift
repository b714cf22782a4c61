import GatehouseCore
import GatehouseDesk
import Hummingbird

/// `/w/{slug}`: the policy in plain words for customers, with this week's opening hours in the
/// business's time and (where the browser runs the page's script) the visitor's own. A page is
/// its model plus a view; the policy editor's preview shows the same model.
struct HowWeWorkPage {
    let workspaces: PublicWorkspaces
    let clock: any DeskClock
    let pages: PageRenderer

    struct Span: Equatable { var range: String; var fromUTC, toUTC: Int64 }
    struct Day: Equatable {
        var day, date: String
        var spans: [Span]
        var closed: Bool
    }
    struct Model: Equatable {
        var title, business: String
        /// The policy in plain words, as HTML made from escaped text.
        var explanation: String
        var week: [Day]
        var zone, zoneID, locale: String
        /// Nil in the editor's preview, which has no contact form to link to.
        var slug: String?
        /// Whether the policy offers appointments customers may book themselves.
        var bookable = false
        var assets = DeskAssets.version
    }

    func add(to router: Router<DeskContext>) {
        router.get("w/:slug") { _, context in
            let slug = try context.parameters.require("slug")
            guard let found = try await workspaces.find(slug: slug) else {
                return pages.errorPage(.notFound, heading: "No such business here",
                                       message: "Please check the address you were given.")
            }
            return pages.page("how-we-work", Self.model(found.policy, slug: slug, now: clock.now()))
        }
    }

    /// What the page (and the policy editor's preview) shows for `policy`.
    static func model(_ policy: Policy, slug: String?, now: Instant) -> Model {
        let calendar = BusinessCalendar(policy: policy)
        let locale = policy.business.locale
        let today = calendar.localTime(of: now).date
        let zone = policy.business.zoneCity
        let week = (0..<7).map { offset -> Day in
            let date = today.adding(days: Int64(offset))
            let spans = DayPlan.make(policy: policy, calendar: calendar, date: date).open.map { span in
                Span(range: locale.timeRange(calendar.localTime(of: span.start).minuteOfDay, calendar.localTime(of: span.end).minuteOfDay),
                     fromUTC: span.start.secondsSince1970, toUTC: span.end.secondsSince1970)
            }
            return Day(day: offset == 0 ? "Today" : offset == 1 ? "Tomorrow" : locale.weekday(date.weekday),
                       date: locale.shortDay(date), spans: spans, closed: spans.isEmpty)
        }
        return Model(title: "How \(policy.business.name) works", business: policy.business.name,
                     explanation: ExplanationHTML.render(policy), week: week, zone: zone,
                     zoneID: policy.business.timeZoneIdentifier, locale: locale.identifier, slug: slug,
                     bookable: !policy.booking.kinds.isEmpty)
    }
}
