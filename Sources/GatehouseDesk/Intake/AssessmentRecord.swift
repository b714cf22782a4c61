import GatehouseCore

/// The triage judgement as it is kept with a message: plain JSON the owner's pages and the
/// API can show, with every reason in plain words.
enum AssessmentRecord {
    static func json(_ assessment: Assessment, acknowledgement: Acknowledgement) -> String {
        var json = JSONWriter(capacity: 1024)
        json.beginObject()
        json.key("acknowledgement"); json.string(acknowledgement.template?.rawValue)
        json.key("plan"); json.string(assessment.plan.verdict.id)
        json.key("promised_at"); json.instant(acknowledgement.promise?.due.secondsSince1970)
        json.key("quadrant"); json.string(assessment.quadrant.verdict.rawValue)
        json.key("reasons")
        json.beginObject()
        json.key("acknowledgement"); json.strings(acknowledgement.reasons)
        json.key("channel"); json.strings(assessment.channel.reasons)
        json.key("importance"); json.strings(assessment.importance.reasons)
        json.key("quadrant"); json.strings(assessment.quadrant.reasons)
        json.key("scope"); json.strings(assessment.scope.reasons)
        json.key("urgency"); json.strings(assessment.urgency.reasons)
        json.endObject()
        json.key("scope"); json.string(ScopeFinding(assessment.scope.verdict).rawValue)
        json.key("urgent"); json.bool(assessment.urgency.verdict.isUrgent)
        json.endObject()
        return json.text
    }
}
