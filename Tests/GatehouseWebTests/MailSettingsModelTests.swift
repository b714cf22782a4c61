import GatehouseCore
import GatehouseStore
@testable import GatehouseWeb
import Testing

/// The email settings page as a value, read without HTML.
@Suite("Page model: email settings")
struct MailSettingsModelTests {
    let stored = StoredMailSettings(method: .smtp, host: "smtp.rivera.example", port: 587, security: "starttls",
                                    username: "office", passwordSealed: "sealed", updatedAt: 1_790_020_800)

    @Test("nothing set up yet: SMTP with STARTTLS is offered, nothing is filled in, and no test can be sent")
    func nothingSetUp() {
        let model = MailSettingsPage.model(stored: nil, input: nil, canEdit: true, saved: false, problems: [],
                                           businessEmail: nil, test: nil, testTo: "owner@rivera.example")
        #expect(model == MailSettingsPage.Model(
            canEdit: true, configured: false, saved: false, problems: [], hasProblems: false,
            isSMTP: true, isSendmail: false, isStartTLS: true, isTLS: false, isNone: false,
            host: nil, port: nil, username: nil, passwordSet: false, allowUntrusted: false,
            sendmailPath: "/usr/sbin/sendmail", envelopeSender: nil, businessEmail: "the business address",
            testResult: nil, testClass: "problems", testTo: "owner@rivera.example"))
    }

    @Test("stored settings fill the form and say a password is kept, without showing it")
    func storedSettings() {
        let model = MailSettingsPage.model(stored: stored, input: nil, canEdit: true, saved: true, problems: [],
                                           businessEmail: "office@rivera.example",
                                           test: ("The test email was accepted by the mail server (Q1).", true), testTo: "")
        #expect(model.configured && model.saved && model.passwordSet)
        #expect(model.host == "smtp.rivera.example")
        #expect(model.port == "587")
        #expect(model.username == "office")
        #expect(model.businessEmail == "office@rivera.example")
        #expect(model.testResult == "The test email was accepted by the mail server (Q1).")
        #expect(model.testClass == "notice")
        #expect(model.testTo == nil, "an empty address is no address")
    }

    @Test("a refused save shows what the owner entered, not what is stored, with the problem")
    func refusedSave() {
        let input = MailSettingsInput(method: "sendmail", host: "", port: nil, security: "tls", username: nil, password: nil,
                                      allowUntrustedCertificate: true, sendmailPath: "sendmail", envelopeSender: nil)
        let model = MailSettingsPage.model(stored: stored, input: input, canEdit: true, saved: false,
                                           problems: ["sendmail command: the sendmail path must be an absolute path"],
                                           businessEmail: nil, test: nil, testTo: nil)
        #expect(model.isSendmail && !model.isSMTP)
        #expect(model.isTLS)
        #expect(model.host == nil, "the owner emptied the host")
        #expect(model.username == "office", "a field the form did not send keeps the stored value")
        #expect(model.sendmailPath == "sendmail")
        #expect(model.allowUntrusted)
        #expect(model.hasProblems)
    }
}
