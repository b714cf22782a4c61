import GatehouseCore
import SQLKit

/// `workspace_id = ?` as a check on rows found some other way, never as the way to find them.
///
/// A statement that names its rows by primary key (`id IN (…)`) must still be scoped to the
/// workspace, but SQLite, which keeps no statistics unless asked, takes `workspace_id = ?` as
/// the better search once the list has a few ids: it walks every row of the workspace through a
/// `(workspace_id, …)` index and checks each id — every message of the desk, for each intake batch.
/// On SQLite the column is written with a unary `+`, SQLite's documented way of saying "do not
/// search by this term"; PostgreSQL plans from its statistics and gets the plain column.
struct WorkspaceCheck: SQLExpression {
    let workspaceID: Workspace.ID
    var table: String?

    init(_ workspaceID: Workspace.ID, table: String? = nil) {
        self.workspaceID = workspaceID
        self.table = table
    }

    func serialize(to serializer: inout SQLSerializer) {
        if serializer.dialect.name == "sqlite" { serializer.write("+") }
        (table.map { SQLColumn("workspace_id", table: $0) } ?? SQLColumn("workspace_id")).serialize(to: &serializer)
        serializer.write(" = ")
        SQLBind(workspaceID).serialize(to: &serializer)
    }
}
