import Testing
@testable import GatehouseMail

@Suite("Quoted history and signatures")
struct QuotedTextTests {
    @Test("'>' lines are quoted and blank lines inside a quote stay with it")
    func angleQuotes() {
        let segments = QuotedText.split("Sure.\n> a\n>\n\n> b\nThanks").segments
        #expect(segments == [
            TextSegment(kind: .text, text: "Sure."),
            TextSegment(kind: .quoted, text: "> a\n>\n\n> b"),
            TextSegment(kind: .text, text: "Thanks"),
        ])
    }

    @Test("a German 'Am … schrieb …:' line starts the quoted history")
    func german() {
        let segments = QuotedText.split("Passt.\n\nAm 04.03.2024 um 11:15 schrieb Carlos Rivera <office@rivera.example>:\nHallo Ann,\nwie geht's?").segments
        #expect(segments.map(\.kind) == [.text, .quoted])
        #expect(QuotedText.split("Passt.\n\nAm 04.03.2024 um 11:15 schrieb Carlos Rivera <office@rivera.example>:\nHallo Ann,\nwie geht's?").newText == "Passt.")
    }

    @Test("'-----Original Message-----' starts the quoted history")
    func originalMessage() {
        let segments = QuotedText.split("OK\n-----Original Message-----\nFrom: x\nSent: y\n").segments
        #expect(segments.map(\.kind) == [.text, .quoted])
    }

    @Test("a signature after '--' is folded, and a reply below the signature is still quoted")
    func signature() {
        let segments = QuotedText.split("Yes.\n--\nAnn\n\nOn Mon, Ann wrote:\n> earlier").segments
        #expect(segments.map(\.kind) == [.text, .signature, .quoted])
    }

    @Test("a body without quotes is all new text")
    func plain() {
        #expect(QuotedText.split("Just text.\nTwo lines.").segments == [TextSegment(kind: .text, text: "Just text.\nTwo lines.")])
        #expect(QuotedText.split("").segments.isEmpty)
    }
}
