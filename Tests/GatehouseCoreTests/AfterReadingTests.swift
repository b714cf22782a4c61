import GatehouseCore
import Testing

@Suite("After reading: what becomes of a message on the owner's server once stored")
struct AfterReadingTests {
    @Test("left as it is by default: nothing is sent to the server, and the folder is opened read-only")
    func leaveByDefault() throws {
        #expect(try AfterReading.parse("").get() == .leave)
        let plan = AfterReading.leave.plan(capabilities: ["MOVE", "UIDPLUS"])
        #expect(plan.steps.isEmpty && !plan.changesFolder)
    }

    @Test("marked read: one flag, and the folder opened for changes")
    func markRead() throws {
        #expect(try AfterReading.parse("mark-read").get() == .markRead)
        #expect(AfterReading.markRead.plan(capabilities: []).steps == [.addSeen])
    }

    @Test("moved in one step where the server can; else copied and removed one by one; never expunging other mail marked deleted")
    func moving() throws {
        let archive = try AfterReading.parse("move: Archive ").get()
        #expect(archive == .move(to: "Archive") && archive.stored == "move:Archive")
        #expect(archive.plan(capabilities: ["MOVE", "UIDPLUS"]).steps == [.move("Archive")])
        #expect(archive.plan(capabilities: ["UIDPLUS"]).steps == [.copy("Archive"), .addDeleted, .expungeThese])
        let bare = archive.plan(capabilities: [])
        #expect(bare.steps == [.copy("Archive"), .addDeleted])
        #expect(bare.reasons.first?.contains("left for the owner's mail app to clear") == true)
    }

    @Test("what cannot be done is refused, naming the field: another word, a move with no folder")
    func refused() {
        guard case .failure(let other) = AfterReading.parse("delete") else { Issue.record("delete was accepted"); return }
        #expect(other.field == "after_reading" && other.message.contains("leave, mark-read or move:FOLDER"))
        guard case .failure(let empty) = AfterReading.parse("move:") else { Issue.record("a move with no folder was accepted"); return }
        #expect(empty.field == "move_to")
    }
}
