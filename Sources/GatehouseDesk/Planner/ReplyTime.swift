import Foundation
import GatehouseCore
import GatehouseStore

/// The time the owner spent composing a reply, recorded for the customer once the reply is in
/// the outbox. It never stands in the reply's way: whatever happens here, the reply is kept.
public struct ReplyTime: Sendable {
    let database: Database
    let workspace: Workspace

    /// What was recorded: the minutes (zero when nothing) and what was changed or why it was skipped.
    public struct Outcome: Sendable, Equatable {
        public var minutes: Int
        public var adjustments: [ComposingTime.Adjustment]
        public var skipped: ComposingTime.Skip?
        /// Set when the entry could not be saved at all (the reply is kept regardless).
        public var failed: Bool

        public init(minutes: Int, adjustments: [ComposingTime.Adjustment], skipped: ComposingTime.Skip?, failed: Bool) {
            self.minutes = minutes
            self.adjustments = adjustments
            self.skipped = skipped
            self.failed = failed
        }

        /// The outcome in words for the owner.
        public var words: String {
            if failed { return "No time was recorded for it: the time could not be saved." }
            if let skipped { return "No time was recorded for it: \(skipped.words)." }
            let length = TimeSpan.minutes(Int64(minutes)).spokenDescription
            return "\(length) of writing is recorded for the customer"
                + (adjustments.isEmpty ? "." : " (" + adjustments.map(\.words).joined(separator: "; ") + ").")
        }
    }

    public init(database: Database, workspace: Workspace) {
        self.database = database
        self.workspace = workspace
    }

    /// Records the composing time of a reply in `conversationID` sent at `sent` from a composer
    /// shown at `shown`.
    public func record(customerID: Customer.ID, conversationID: Conversation.ID?, userID: String, shown: Int64?, sent: Instant) async -> Outcome {
        let entries = TimeEntries(database: database, workspaceID: workspace.id)
        do {
            let busy = try await entries.busy(userID: userID, from: sent - ComposingTime.longest - .minutes(1), to: sent)
            switch ComposingTime.decide(shown: shown, sent: sent, busy: busy) {
            case .skip(let why):
                return Outcome(minutes: 0, adjustments: [], skipped: why, failed: false)
            case .record(let start, let end, let adjustments):
                let entry = try await entries.add(TimeEntryDraft(customerID: customerID, conversationID: conversationID,
                                                                 startedAt: start.secondsSince1970, endedAt: end.secondsSince1970,
                                                                 source: .reply, note: "Writing a reply"),
                                                  userID: userID, now: sent)
                return Outcome(minutes: Int(entry.length.seconds / 60), adjustments: adjustments, skipped: nil, failed: false)
            }
        } catch let error as StoreError where error.code == .conflict {
            // Someone recorded time in the moment between reading and writing.
            return Outcome(minutes: 0, adjustments: [], skipped: .covered, failed: false)
        } catch {
            return Outcome(minutes: 0, adjustments: [], skipped: nil, failed: true)
        }
    }
}
