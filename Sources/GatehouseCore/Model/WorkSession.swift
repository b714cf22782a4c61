import Foundation

/// A time-boxed call, meeting or site visit with a customer.
public struct WorkSession: Sendable, Equatable {
    /// How a session ended: the owner ended it, or the desk closed it after it was left running.
    public enum Ending: String, Sendable, Equatable { case owner, overnight }

    public var id: String
    public var customerID: Customer.ID
    public var jobID: Job.ID?
    public var appointmentID: String?
    public var userID: String
    public var kind: Appointment.Kind
    public var startedAt: Int64
    /// The time box, in minutes, and why it is that long.
    public var boxMinutes: Int
    public var boxReasons: [String]
    /// What the owner says first ("I have 20 minutes before my next appointment…").
    public var openingLine: String
    public var agenda: String
    public var notes: String
    /// The quality-time checklist.
    public var purposeAgreed: Bool
    public var processExplained: Bool
    public var nextStepAgreed: Bool
    public var endedAt: Int64?
    public var endedHow: Ending?
    /// Needs the owner's eye: closed by the desk, or its time could not be recorded.
    public var flagged: Bool
    /// What went wrong with its time, in words, when something did.
    public var problem: String?
    public var timeEntryID: String?

    /// When the time box runs out.
    public var boxEndsAt: Int64 { startedAt + Int64(boxMinutes) * 60 }
    public var isRunning: Bool { endedAt == nil }

    public init(id: String, customerID: Customer.ID, jobID: Job.ID? = nil, appointmentID: String? = nil, userID: String, kind: Appointment.Kind, startedAt: Int64, boxMinutes: Int, boxReasons: [String], openingLine: String, agenda: String, notes: String, purposeAgreed: Bool, processExplained: Bool, nextStepAgreed: Bool, endedAt: Int64? = nil, endedHow: Ending? = nil, flagged: Bool, problem: String? = nil, timeEntryID: String? = nil) {
        self.id = id
        self.customerID = customerID
        self.jobID = jobID
        self.appointmentID = appointmentID
        self.userID = userID
        self.kind = kind
        self.startedAt = startedAt
        self.boxMinutes = boxMinutes
        self.boxReasons = boxReasons
        self.openingLine = openingLine
        self.agenda = agenda
        self.notes = notes
        self.purposeAgreed = purposeAgreed
        self.processExplained = processExplained
        self.nextStepAgreed = nextStepAgreed
        self.endedAt = endedAt
        self.endedHow = endedHow
        self.flagged = flagged
        self.problem = problem
        self.timeEntryID = timeEntryID
    }
}

/// What the owner writes down during a session.
public struct WorkSessionNotes: Sendable, Equatable {
    public var agenda: String
    public var notes: String
    public var purposeAgreed: Bool
    public var processExplained: Bool
    public var nextStepAgreed: Bool

    public init(agenda: String, notes: String, purposeAgreed: Bool, processExplained: Bool, nextStepAgreed: Bool) {
        self.agenda = agenda
        self.notes = notes
        self.purposeAgreed = purposeAgreed
        self.processExplained = processExplained
        self.nextStepAgreed = nextStepAgreed
    }
}
