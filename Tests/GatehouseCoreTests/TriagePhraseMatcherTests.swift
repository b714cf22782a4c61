import GatehouseCore
import Testing

/// The phrase matcher behind urgency and scope: inflections, rewording, word
/// boundaries and negation, one phrase and one text at a time.
@Suite("Triage phrase matcher")
struct TriagePhraseMatcherTests {
    enum Reading: String, Sendable {
        case mentioned, denied, absent
    }

    static func reading(_ phrase: String, in text: String) -> Reading {
        let matches = PhraseMatcher(phrases: [phrase]).matches(in: TokenizedText(text))
        if matches.contains(where: { !$0.isNegated }) { return .mentioned }
        return matches.isEmpty ? .absent : .denied
    }

    @Test("inflections, reordering and a word in between", arguments: [
        ("leak", "the kitchen tap is leaking", Reading.mentioned),
        ("leak", "it leaks under the sink", .mentioned),
        ("leak", "it leaked last night", .mentioned),
        ("leak", "LEAKING!!!", .mentioned),
        ("flooding", "the basement flooded", .mentioned),
        ("flooding", "it floods every spring", .mentioned),
        ("burst pipe", "the pipes burst overnight", .mentioned),
        ("burst pipe", "a burst water pipe", .mentioned),
        ("burst pipe", "the pipe in the cellar burst", .absent),
        ("burst pipe", "the pipe. Burst", .absent),
        ("gas smell", "I smell gas", .mentioned),
        ("gas smell", "there's a gas smell", .mentioned),
        ("gas smell", "gases smelling odd", .mentioned),
        ("no heat", "we have no heat since this morning", .mentioned),
        ("no heat", "no heating at all", .mentioned),
        ("no heat", "there is heat again, no problem", .absent),
        ("no heat", "heat no longer works", .absent),
        ("no water", "no hot water", .mentioned),
        ("server down", "the server is down", .mentioned),
        ("cannot log in", "I can't log in", .mentioned),
        ("cannot log in", "I can’t log in", .mentioned),
        ("site is down", "the site is down again", .mentioned),
        ("leak", "a bleak morning", .absent),
        ("heat", "the heater is broken", .absent),
        ("water heater install", "a water heater installed", .mentioned),
        ("on-site visit", "an on-site visit", .mentioned),
    ])
    func mentions(phrase: String, text: String, expected: Reading) {
        #expect(Self.reading(phrase, in: text) == expected)
    }

    @Test("negation within four words before, in the same clause", arguments: [
        ("leak", "there is no leak", Reading.denied),
        ("leak", "not leaking any more", .denied),
        ("leak", "without any leak", .denied),
        ("leak", "we haven't noticed any leak", .denied),
        ("leak", "we havent noticed any leak", .denied),
        ("leak", "no sign of a leak", .denied),
        ("leak", "the pipe no longer leaks", .denied),
        ("gas smell", "I don't smell gas", .denied),
        ("gas smell", "I don’t smell gas", .denied),
        ("flooding", "it never flooded", .denied),
        ("flooding", "neither leaking nor flooding", .denied),
        ("no heat", "we do not have no heat", .denied),
        ("leak", "not sure if it's a leak", .mentioned),
        ("leak", "no, it is leaking", .mentioned),
        ("flooding", "no leak but the basement is flooding", .mentioned),
        ("flooding", "no heat and the basement is flooding", .mentioned),
        ("leak", "nobody noticed the leak", .mentioned),
        ("no heat", "we have no heat", .mentioned),
    ])
    func negation(phrase: String, text: String, expected: Reading) {
        #expect(Self.reading(phrase, in: text) == expected)
    }

    @Test("a match names its phrase, its words and the negation word")
    func matchDetails() {
        let matcher = PhraseMatcher(phrases: ["leak", "burst pipe"])
        let text = TokenizedText("No leak, but the pipes burst")
        let matches = matcher.matches(in: text)
        #expect(matches.count == 2)
        #expect(matches[0] == PhraseMatch(phrase: 0, tokens: 1...1, isReversed: false, negatedBy: 0))
        #expect(matches[1] == PhraseMatch(phrase: 1, tokens: 4...5, isReversed: true, negatedBy: nil))
        #expect(text.original(matches[1].tokens) == "pipes burst")
        #expect(matcher.phrases[0].isNegationLed == false)
        #expect(PhraseMatcher(phrases: ["no heat"]).phrases[0].isNegationLed)
    }

    @Test("stems: every inflection of a word has the word's stem", arguments: [
        ("leak", ["leaks", "leaked", "leaking"]),
        ("flood", ["floods", "flooded", "flooding"]),
        ("pipe", ["pipes", "piped"]),
        ("gas", ["gases"]),
        ("drip", ["drips", "dripped", "dripping"]),
        ("smell", ["smells", "smelled", "smelling"]),
        ("clog", ["clogs", "clogged"]),
        ("reply", ["replies", "replied"]),
        ("box", ["boxes"]),
        ("install", ["installs", "installed", "installing"]),
    ])
    func stems(word: String, inflections: [String]) {
        for inflection in inflections {
            #expect(Stemmer.stem(inflection) == Stemmer.stem(word), "\(inflection) vs \(word)")
        }
    }

    @Test("stems keep words apart that only look inflected", arguments: [
        ("heater", "heat"), ("thing", "th"), ("this", "thi"), ("gas", "ga"), ("status", "statu"), ("need", "ne"),
    ])
    func distinctStems(word: String, wrong: String) {
        #expect(Stemmer.stem(word) != Stemmer.stem(wrong))
    }

    @Test("deadlines are spotted as written, never computed", arguments: [
        ("please finish before Friday", ["before Friday"]),
        ("can it be done by the 12th?", ["by the 12th"]),
        ("we need it tomorrow", ["tomorrow"]),
        ("the deadline is close", ["deadline"]),
        ("send it by end of day", ["by end of day"]),
        ("by the end of the week please", ["by the end of the week"]),
        ("it is due 2026-03-12", ["due 2026-03-12"]),
        ("the launch is on March 12", ["March 12"]),
        ("opening on 12th of March", ["12th of March"]),
        ("call me by 5pm", ["by 5pm"]),
        ("until next week is fine", ["until next week"]),
        ("there is no deadline", []),
        ("by the way, thanks", []),
        ("I may drop by", []),
        ("due to the rain", []),
        ("it costs 3.5 dollars", []),
    ])
    func deadlines(text: String, expected: [String]) {
        #expect(DeadlineMentions.find(in: TokenizedText(text)) == expected)
    }

    @Test("words are cut at punctuation and clause words; dates and contractions stay whole")
    func tokens() {
        let text = TokenizedText("Isn't it URGENT? Due 12/03, but on-site")
        #expect(text.tokens.map(\.word) == ["isn't", "it", "urgent", "due", "12/03", "but", "on", "site"])
        #expect(text.tokens.map(\.isNegation) == [true, false, false, false, false, false, false, false])
        #expect(text.tokens.map(\.isShouted) == [false, false, true, false, false, false, false, false])
        #expect(text.tokens[2].clause != text.tokens[3].clause)
        #expect(text.tokens[4].clause == text.tokens[3].clause)
        #expect(text.tokens[5].clause != text.tokens[4].clause)
        #expect(text.tokens[5].negationScope != text.tokens[4].negationScope)
        #expect(text.tokens[6].clause == text.tokens[7].clause)
        #expect(text.exclamationMarks == 0)
    }
}
