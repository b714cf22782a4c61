import GatehouseCore
import SQLKit


/// The durable task queue shared by every instance. A task is claimed with a
/// lease: if its worker dies, the lease runs out and another instance takes it.
public struct TaskQueue: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Queues a task unless one with the same idempotency key exists; returns the task
    /// and whether it was newly queued.
    public func enqueue(kind: String, payload: String, idempotencyKey: String, workspaceID: Workspace.ID?,
                        runAt: Instant, now: Instant) async throws -> (task: QueuedTask, created: Bool) {
        let task = NewTask(workspaceID: workspaceID, kind: kind, payload: payload, key: .named(idempotencyKey),
                           runAt: runAt.secondsSince1970)
        return try await database.write { sql in
            let queued = try await Self.insert([task], at: now.secondsSince1970, in: sql)
            let stored = try await sql.select().columns("*").from("tasks")
                .where("idempotency_key", .equal, idempotencyKey).first(decoding: QueuedTask.self)
            guard let stored else { throw StoreError(.invalid, "the task could not be queued") }
            return (stored, queued.contains(stored.id))
        }
    }

    /// Claims up to `limit` due tasks for `owner` until `now + lease`: queued tasks whose
    /// time has come, and running tasks whose lease has run out.
    /// `narrow` adds conditions of the caller's to the choice of tasks.
    public func claim(owner: String, kinds: [String]? = nil, limit: Int = 10, lease: TimeSpan, now: Instant,
                      narrow: (@Sendable (any SQLDatabase, SQLSelectBuilder) -> Void)? = nil) async throws -> [QueuedTask] {
        let backend = database.backend
        let t = now.secondsSince1970
        return try await database.write { sql in
            let select = sql.select().column("id").from("tasks")
                .where { group in
                    group.where { due in due.where("state", .equal, "queued").where("run_at", .lessThanOrEqual, t) }
                        .orWhere { expired in
                            expired.where("state", .equal, "running").where("lease_expires_at", .lessThanOrEqual, t)
                        }
                }
            if let kinds { select.where("kind", .in, kinds) }
            narrow?(sql, select)
            select.orderBy("run_at").orderBy("id").limit(limit)
            if backend == .postgres {
                // Instances skip each other's claimed rows instead of queueing behind them.
                select.lockingClause(SQLRaw("FOR UPDATE SKIP LOCKED"))
            }
            let ids = try await select.all().map { try $0.decode(column: "id", as: String.self) }
            guard !ids.isEmpty else { return [] }
            try await sql.update("tasks")
                .set("state", to: "running")
                .set("lease_owner", to: owner)
                .set("lease_expires_at", to: t + lease.seconds)
                .set(SQLIdentifier("attempts"), to: SQLRaw("attempts + 1"))
                .set("updated_at", to: t)
                .where("id", .in, ids)
                .run()
            return try await sql.select().columns("*").from("tasks").where("id", .in, ids)
                .orderBy("run_at").orderBy("id").all(decoding: QueuedTask.self)
        }
    }

    /// Marks a claimed task done. False when `owner` no longer holds its lease.
    public func complete(_ id: String, owner: String, now: Instant) async throws -> Bool {
        try await finish(id, owner: owner, now: now) { update in
            update.set("state", to: "done").set("lease_owner", to: SQLLiteral.null).set("lease_expires_at", to: SQLLiteral.null)
        }
    }

    /// Records a failure: the task runs again at `retryAt`, or is failed for good when nil.
    public func fail(_ id: String, owner: String, reason: String, retryAt: Instant?, now: Instant) async throws -> Bool {
        try await finish(id, owner: owner, now: now) { update in
            update.set("state", to: retryAt == nil ? "failed" : "queued")
                .set("last_error", to: reason)
                .set("run_at", to: retryAt?.secondsSince1970 ?? now.secondsSince1970)
                .set("lease_owner", to: SQLLiteral.null).set("lease_expires_at", to: SQLLiteral.null)
        }
    }

    private func finish(_ id: String, owner: String, now: Instant,
                        _ change: @escaping @Sendable (SQLUpdateBuilder) -> SQLUpdateBuilder) async throws -> Bool {
        try await database.write { sql in
            // One conditional statement, so a lease taken over meanwhile is never overwritten.
            let changed = try await change(sql.update("tasks")).set("updated_at", to: now.secondsSince1970)
                .where("id", .equal, id).where("state", .equal, "running").where("lease_owner", .equal, owner)
                .returning("id").all()
            return !changed.isEmpty
        }
    }

    /// A workspace's tasks in one state (waiting ones by default), soonest first: what the
    /// owner sees waiting in the queue.
    public func list(workspaceID: Workspace.ID, state: QueuedTask.State = .queued, kind: String? = nil,
                     limit: Int = 100) async throws -> [QueuedTask] {
        try await database.read { sql in
            let query = sql.select().columns("*").from("tasks")
                .where("workspace_id", .equal, workspaceID).where("state", .equal, state.rawValue)
            if let kind { query.where("kind", .equal, kind) }
            return try await query.orderBy("run_at").orderBy("id").limit(max(1, limit))
                .all(decoding: QueuedTask.self)
        }
    }

    /// A workspace's tasks of one kind, newest first, whatever their state.
    public func recent(workspaceID: Workspace.ID, kind: String, limit: Int = 50) async throws -> [QueuedTask] {
        try await database.read { sql in
            try await sql.select().columns("*").from("tasks")
                .where("workspace_id", .equal, workspaceID).where("kind", .equal, kind)
                .orderBy("created_at", .descending).orderBy("id", .descending).limit(max(1, limit))
                .all(decoding: QueuedTask.self)
        }
    }

    /// The task with this id.
    public func get(_ id: String) async throws -> QueuedTask? {
        try await database.read { sql in
            try await sql.select().columns("*").from("tasks").where("id", .equal, id).first(decoding: QueuedTask.self)
        }
    }
}

/// Named leases: "this instance runs the periodic job until …", so that a
/// job runs on one instance at a time.
public struct Leases: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Takes or renews the lease `name` for `owner` until `now + duration`; false when
    /// another owner holds it and it has not run out. With `renew: false` the lease is
    /// taken only when nobody (not even `owner`) holds it: "at most once per duration".
    public func acquire(_ name: String, owner: String, for duration: TimeSpan, now: Instant,
                        renew: Bool = true) async throws -> Bool {
        let t = now.secondsSince1970
        return try await database.write { sql in
            let inserted = try await sql.insert(into: "leases").columns("name", "owner", "expires_at")
                .values(SQLBind(name), SQLBind(owner), SQLBind(t + duration.seconds))
                .ignoringConflicts(with: "name").returning("name").all()
            if !inserted.isEmpty { return true }
            // Conditional, so two instances racing for an expired lease cannot both win.
            let taken = try await sql.update("leases").set("owner", to: owner).set("expires_at", to: t + duration.seconds)
                .where("name", .equal, name)
                .where { holder in
                    renew ? holder.where("owner", .equal, owner).orWhere("expires_at", .lessThanOrEqual, t)
                        : holder.where("expires_at", .lessThanOrEqual, t)
                }
                .returning("owner").all()
            return !taken.isEmpty
        }
    }

    /// Gives the lease up early, if `owner` holds it.
    public func release(_ name: String, owner: String) async throws {
        try await database.write { sql in
            try await sql.delete(from: "leases").where("name", .equal, name).where("owner", .equal, owner).run()
        }
    }
}
