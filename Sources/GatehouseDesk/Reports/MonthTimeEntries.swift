import GatehouseCore
import GatehouseStore

/// The time recorded in a month, one line an entry, for the time-entries export.
extension MonthlyReporting {
    /// The month's time entries, all customers' or one customer's; nil when `customerID` names
    /// no customer of this workspace.
    public func timeEntries(_ month: ReportMonth, customerID: Customer.ID? = nil) async throws -> [Reports.ExportedEntry]? {
        if let customerID, try await Customers(database: database, workspaceID: workspace.id).get(customerID) == nil {
            return nil
        }
        let (start, end) = bounds(month)
        return try await Reports(database: database, workspaceID: workspace.id).timeEntries(from: start, to: end, customerID: customerID)
    }
}
