import Foundation
import GatehouseCore
import Testing
@testable import GatehouseStore
import GatehouseTestSupport

/// The durable task queue and leases, on both engines.
@Suite("Task queue")
struct TaskQueueTests {
    @Test("a task is queued once per idempotency key", arguments: DatabaseBackend.allCases)
    func idempotent(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let queue = TaskQueue(database: database)
            let first = try await queue.enqueue(kind: "send", payload: "{}", idempotencyKey: "reply-1",
                                                workspaceID: nil, runAt: now, now: now)
            let again = try await queue.enqueue(kind: "send", payload: "{\"other\":1}", idempotencyKey: "reply-1",
                                                workspaceID: nil, runAt: now, now: now)
            #expect(first.created)
            #expect(!again.created)
            #expect(again.task.id == first.task.id)
            #expect(again.task.payload == "{}")
        }
    }

    @Test("claims respect run times and leases; an expired lease is taken over", arguments: DatabaseBackend.allCases)
    func leases(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let queue = TaskQueue(database: database)
            let due = try await queue.enqueue(kind: "send", payload: "{}", idempotencyKey: "a", workspaceID: nil,
                                              runAt: now, now: now).task
            _ = try await queue.enqueue(kind: "send", payload: "{}", idempotencyKey: "later", workspaceID: nil,
                                        runAt: now + .hours(1), now: now)
            let claimed = try await queue.claim(owner: "one", lease: .minutes(5), now: now)
            #expect(claimed.map(\.id) == [due.id])
            #expect(claimed[0].attempts == 1)
            #expect(claimed[0].leaseOwner == "one")
            #expect(try await queue.claim(owner: "two", lease: .minutes(5), now: now + .minutes(1)).isEmpty)
            // Instance one dies; after its lease runs out, two takes the task.
            let taken = try await queue.claim(owner: "two", lease: .minutes(5), now: now + .minutes(6))
            #expect(taken.map(\.id) == [due.id])
            #expect(taken[0].attempts == 2)
            #expect(try await queue.complete(due.id, owner: "one", now: now + .minutes(7)) == false)
            #expect(try await queue.fail(due.id, owner: "two", reason: "421 try later", retryAt: now + .minutes(30),
                                         now: now + .minutes(7)))
            #expect(try await queue.get(due.id)?.state == .queued)
            #expect(try await queue.get(due.id)?.lastError == "421 try later")
            let retried = try await queue.claim(owner: "two", lease: .minutes(5), now: now + .minutes(30))
            #expect(retried.map(\.id).contains(due.id))
            #expect(try await queue.complete(due.id, owner: "two", now: now + .minutes(31)))
            #expect(try await queue.get(due.id)?.state == .done)
        }
    }

    @Test("concurrent claimers never get the same task", arguments: DatabaseBackend.allCases)
    func concurrentClaims(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let queue = TaskQueue(database: database)
            for index in 0..<60 {
                _ = try await queue.enqueue(kind: "work", payload: "{}", idempotencyKey: "task-\(index)",
                                            workspaceID: nil, runAt: now, now: now)
            }
            let claims = try await withThrowingTaskGroup(of: [String].self) { group in
                for worker in 0..<6 {
                    group.addTask {
                        var mine: [String] = []
                        while true {
                            let batch = try await queue.claim(owner: "worker-\(worker)", limit: 3, lease: .minutes(5), now: now)
                            if batch.isEmpty { return mine }
                            mine += batch.map(\.id)
                        }
                    }
                }
                var all: [String] = []
                for try await ids in group { all += ids }
                return all
            }
            #expect(claims.count == 60)
            #expect(Set(claims).count == 60)
        }
    }

    @Test("a named lease is held by one owner at a time", arguments: DatabaseBackend.allCases)
    func namedLeases(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let leases = Leases(database: database)
            #expect(try await leases.acquire("scheduler", owner: "a", for: .minutes(1), now: now))
            #expect(try await leases.acquire("scheduler", owner: "b", for: .minutes(1), now: now + .seconds(30)) == false)
            #expect(try await leases.acquire("scheduler", owner: "a", for: .minutes(1), now: now + .seconds(30)))
            #expect(try await leases.acquire("scheduler", owner: "b", for: .minutes(1), now: now + .seconds(120)))
            try await leases.release("scheduler", owner: "b")
            #expect(try await leases.acquire("scheduler", owner: "a", for: .minutes(1), now: now + .seconds(121)))
        }
    }
}

extension TimeSpan {
    static func seconds(_ value: Int64) -> TimeSpan { TimeSpan(seconds: value) }
}
