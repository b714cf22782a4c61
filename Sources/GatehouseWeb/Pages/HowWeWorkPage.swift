import Foundation
import GatehouseCore
import GatehouseStore
import Hummingbird

/// `/w/{slug}`: the policy in plain words for customers, with this week's opening hours in the
/// business's time and (where the browser runs the page's script) the visitor's own.
struct HowWeWorkPage {
    let database: Database
    let clock: any DeskClock
    let pages: PageRenderer

    func add(to router: Router<DeskContext>) {
        router.get("w/:slug") { _, context in
            let slug = try context.parameters.require("slug")
            guard let workspace = try await Workspaces(database: database).find(slug: slug),
                  let policy = try? workspace.policy()
            else {
                return pages.errorPage(.notFound, heading: "No such business here",
                                       message: "Please check the address you were given.")
            }
            return pages.page("how-we-work", Self.values(policy, slug: slug, now: clock.now()))
        }
    }

    /// What the page (and the policy editor's preview) shows for `policy`.
    static func values(_ policy: Policy, slug: String?, now: Instant) -> [String: Any] {
        let calendar = BusinessCalendar(policy: policy)
        let today = calendar.localTime(of: now).date
        let zone = (policy.business.timeZoneIdentifier.split(separator: "/").last.map(String.init) ?? "local")
            .replacingOccurrences(of: "_", with: " ")
        let week = (0..<7).map { offset -> [String: Any] in
            let date = today.adding(days: Int64(offset))
            let spans = DayPlan.make(policy: policy, calendar: calendar, date: date).open
                .map { (start: $0.start.secondsSince1970, end: $0.end.secondsSince1970) }
            return [
                "day": offset == 0 ? "Today" : offset == 1 ? "Tomorrow" : policy.business.locale.weekday(date.weekday),
                "date": policy.business.locale.shortDay(date),
                "spans": spans.map { span in
                    ["range": policy.business.locale.timeRange(
                        calendar.localTime(of: Instant(secondsSince1970: span.start)).minuteOfDay,
                        calendar.localTime(of: Instant(secondsSince1970: span.end)).minuteOfDay),
                     "fromUTC": span.start, "toUTC": span.end]
                },
                "closed": spans.isEmpty,
            ]
        }
        return present([
            "title": "How \(policy.business.name) works", "business": policy.business.name,
            "explanation": ExplanationHTML.render(policy), "week": week, "zone": zone,
            "zoneID": policy.business.timeZoneIdentifier, "locale": policy.business.locale.identifier, "slug": slug, "assets": DeskAssets.version,
        ])
    }
}
