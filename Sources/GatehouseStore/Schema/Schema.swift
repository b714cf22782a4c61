/// The tables of Gatehouse, oldest migration first, one migration a file in Migrations/.
/// Every row belongs to a workspace; ids are made in Swift; instants are seconds since 1970 (UTC).
enum Schema {
    static let migrations: [Migration] = [
        m001Accounts,
        m002CustomersAndMessages,
        m003TaskQueue,
        m004SetupTokens,
        m005Intake,
        m006TokenScopes,
        m007FormSubmissions,
        m008Webhooks,
        m009MessageSources,
        m010Outbox,
        m011Corrections,
        m012InboxIndexes,
        m013TimeEntries,
        m014Jobs,
        m015Appointments,
        m016ReportIndexes,
        m017TimeDayTotals,
        m018PasswordResets,
        m019DeskSettings,
        m020Alerts,
        m021Mailboxes,
        m022Articles,
        m023MailboxAdoption,
        m024ArticleRemovals,
        m025PromiseLedger,
        m026TaskIndexes,
        m027DeliveryKeys,
        m028AfterReading,
    ]
}
