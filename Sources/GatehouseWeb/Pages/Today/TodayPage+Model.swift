import GatehouseCore

extension TodayPage {
    /// Everything `/today` shows, as values: the page renders exactly this, and tests read it
    /// without any HTML.
    struct Model: Equatable {
        /// A conversation in one of the lists.
        struct Item: Equatable {
            var id: String
            var subject: String
            var customer: String
            /// When the answer was promised, in words; nil without a promise.
            var promise: String?
            var late: Bool
            /// Why it is where it is.
            var why: String?
        }

        /// A part of the day, for the list and the phone's vertical agenda: its colour, and
        /// whether it is under way now.
        struct Block: Equatable { var what, from, to, fill: String; var now: Bool }
        struct Legend: Equatable { var fill, label: String }
        struct Held: Equatable { var conversation, to, subject: String? }
        struct Appointment: Equatable { var title, from, to: String; var place, override: String? }
        struct Running: Equatable { var id, kind, until: String }
        struct Flagged: Equatable { var id, kind, when: String; var problem: String? }
        /// A step of the go-live checklist.
        struct Step: Equatable { var title, detail, link, linkText: String; var done: Bool; var snippet: String? }

        /// "Thursday 2026-12-03".
        var day: String
        /// The day's timeline as SVG, made here and trusted.
        var timeline: String
        var legend: [Legend]
        var blocks: [Block]
        var reasons: [String]
        /// Why the business is closed today, when it is.
        var closed: String?
        var buffer: String?
        var free: String?
        var urgent: [Item]
        var urgentCount: Int
        /// Something is urgent: the list leads the page, above the day.
        var hasUrgent: Bool
        /// The response window under way or next, in words; nil when the policy has none.
        var window: String?
        var due: [Item]
        var dueCount: Int
        var risk: [Item]
        var riskCount: Int
        var held: [Held]?
        var heldCount: Int
        var waiting: [String]
        /// Nothing urgent, no promise at risk, nothing held, no session to check.
        var calm: Bool
        var appointments: [Appointment]
        var hasAppointments: Bool
        var running: [Running]
        var hasRunning: Bool
        var flagged: [Flagged]
        var hasFlagged: Bool
        /// The go-live checklist while it is shown.
        var checklist: [Step] = []
        var hasChecklist = false
        var checklistProgress = ""
        /// Open unless something urgent needs the top of the page.
        var checklistOpen = false
        /// The moment (seconds) of the latest urgent message the page shows: it updates itself after.
        var liveSince = "0"
    }
}

extension TodayPage.Model {
    /// The go-live checklist on the page, while it is shown; the public page's step carries a
    /// snippet of HTML for the owner's website.
    mutating func show(_ checklist: GoLiveChecklist, publicBaseURL: String) {
        hasChecklist = checklist.shown
        guard checklist.shown else { return }
        checklistProgress = "\(checklist.doneCount) of \(checklist.steps.count) done"
        checklistOpen = urgentCount == 0
        self.checklist = checklist.steps.map { step in
            Step(title: step.title, detail: step.detail, link: step.link, linkText: step.linkText, done: step.done,
                 snippet: step.id == "page" ? "<a href=\"\(publicBaseURL)\(step.link)/contact\">Write to us</a> · "
                    + "<a href=\"\(publicBaseURL)\(step.link)\">How we work</a>" : nil)
        }
    }
}
