import Foundation
import GatehouseCore

/// The triage judgement as it is kept with a message: plain JSON the owner's pages and the
/// API can show, with every reason in plain words.
enum AssessmentRecord {
    static func json(_ assessment: Assessment, acknowledgement: Acknowledgement) -> String {
        let object: [String: Any] = [
            "urgent": assessment.urgency.verdict.isUrgent,
            "quadrant": assessment.quadrant.verdict.rawValue,
            "scope": scopeName(assessment.scope.verdict),
            "plan": assessment.plan.verdict.id,
            "reasons": [
                "urgency": assessment.urgency.reasons,
                "channel": assessment.channel.reasons,
                "importance": assessment.importance.reasons,
                "scope": assessment.scope.reasons,
                "quadrant": assessment.quadrant.reasons,
                "acknowledgement": acknowledgement.reasons,
            ],
            "acknowledgement": acknowledgement.template?.rawValue ?? NSNull(),
            "promised_at": acknowledgement.promise.map { ISO8601.format($0.due, utcOffsetSeconds: 0) } ?? NSNull(),
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// `in_scope`, `out_of_scope` or `unclear`.
    static func scopeName(_ scope: Scope) -> String {
        switch scope {
        case .inScope: "in_scope"
        case .outOfScope: "out_of_scope"
        case .unclear: "unclear"
        }
    }
}
