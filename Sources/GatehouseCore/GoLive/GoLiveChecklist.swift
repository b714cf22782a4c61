/// The few steps that take a new desk live, each measured from what has happened rather than
/// ticked by hand: the owner's own details, mail out, mail in, the public page in use, and a
/// first reply sent in a window. Pure.
public struct GoLiveChecklist: Sendable, Equatable {
    /// What has happened on the desk so far.
    public struct Facts: Sendable, Equatable {
        /// Texts of an example's business still in the policy ("Rivera Plumbing & Heating").
        public var borrowedDetails: [String]
        public var sendingSetUp: Bool
        /// The mail server accepted an email (a test or a real one).
        public var mailAccepted: Bool
        public var emailReceived: Bool
        public var contactFormUsed: Bool
        public var replySent: Bool
        public var dismissed: Bool

        public init(borrowedDetails: [String] = [], sendingSetUp: Bool = false, mailAccepted: Bool = false,
                    emailReceived: Bool = false, contactFormUsed: Bool = false, replySent: Bool = false,
                    dismissed: Bool = false) {
            self.borrowedDetails = borrowedDetails
            self.sendingSetUp = sendingSetUp
            self.mailAccepted = mailAccepted
            self.emailReceived = emailReceived
            self.contactFormUsed = contactFormUsed
            self.replySent = replySent
            self.dismissed = dismissed
        }
    }

    public struct Step: Sendable, Equatable {
        public var id: String
        public var title: String
        public var done: Bool
        /// Where things stand, in a sentence.
        public var detail: String
        public var link: String
        public var linkText: String
    }

    public var steps: [Step]
    /// Shown on Today: not every step is done, and the owner has not put it away.
    public var shown: Bool

    public var doneCount: Int { steps.filter(\.done).count }

    /// `publicBaseURL` is the desk's public address (`https://desk.novak-plumbing.com`), so that
    /// the owner reads the page's whole address, ready to copy.
    public init(_ facts: Facts, slug: String, publicBaseURL: String = "") {
        let borrowed = facts.borrowedDetails
        steps = [
            Step(id: "details", title: "Your details are your own", done: borrowed.isEmpty,
                 detail: borrowed.isEmpty
                    ? "Your public page and every message carry your business's own name, email and phone."
                    : "Your policy still says \(borrowed.map { "“\($0)”" }.joined(separator: ", ")), which belongs to the example it started from.",
                 link: "/policy", linkText: "Edit your policy"),
            Step(id: "sending", title: "Sending mail works", done: facts.mailAccepted,
                 detail: facts.mailAccepted ? "Your mail server has accepted mail from the desk."
                    : facts.sendingSetUp ? "Sending is set up; send a test email to be sure it arrives."
                    : "Until sending is set up, acknowledgements and replies wait in the outbox.",
                 link: "/settings/email", linkText: facts.sendingSetUp ? "Send a test email" : "Set up sending"),
            Step(id: "receiving", title: "Receiving mail works", done: facts.emailReceived,
                 detail: facts.emailReceived ? "Email from customers reaches the desk."
                    : "No email has come in yet: connect your mailbox (Gmail, Microsoft 365, Fastmail, your web host) so that customers' email reaches the desk; with a mail server of your own, an ingest token and a pipe or relay do it too (Settings).",
                 link: "/settings/mailboxes", linkText: "Connect your mailbox"),
            Step(id: "page", title: "Your “How we work” page is in use", done: facts.contactFormUsed,
                 detail: facts.contactFormUsed ? "Customers have written through your contact form."
                    : "Link to it from your website and email signature: \(publicBaseURL)/w/\(slug), and its form at \(publicBaseURL)/w/\(slug)/contact.",
                 link: "/w/\(slug)", linkText: "Open your page"),
            Step(id: "reply", title: "Your first reply sent in a window", done: facts.replySent,
                 detail: facts.replySent ? "A reply has left at its time."
                    : "Open a conversation in the inbox and write a reply: it leaves in your next response window.",
                 link: "/inbox", linkText: "Open the inbox"),
        ]
        shown = !facts.dismissed && !steps.allSatisfy(\.done)
    }
}
