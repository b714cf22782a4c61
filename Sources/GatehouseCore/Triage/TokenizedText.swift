/// A text cut into words, each with its stem and the clause it stands in:
/// what the phrase matcher, the negation check and the deadline spotter read.
///
/// A text is cut once and read by every matcher, so a message costs one pass
/// however many phrases the policy has.
public struct TokenizedText: Sendable {
    /// One word of the text.
    public struct Token: Sendable, Equatable {
        /// The word in lower case, with typographic apostrophes made straight
        /// and "can't" written as "cannot".
        public var word: String
        /// The word's stem (see `Stemmer`): what phrases are compared on.
        public var stem: String
        /// Where the word stands in the original text.
        public var range: Range<String.Index>
        /// The clause the word belongs to. A phrase never runs across clause
        /// punctuation (`. , ; : ! ? ( )`, a dash between spaces, a blank line).
        public var clause: Int
        /// How far a negation reaches: like `clause`, but also cut before
        /// words such as "but" and "and", so "no heat, and the pipe burst" and
        /// "no leak but flooding" keep the second sign un-negated.
        public var negationScope: Int
        /// Whether the word denies what follows ("no", "not", "never", "don't", …).
        public var isNegation: Bool
        /// Whether the word is written in capitals, three letters or more ("URGENT", "NOW").
        public var isShouted: Bool
    }

    /// The original text.
    public let text: String
    /// The words, in order.
    public private(set) var tokens: [Token] = []
    /// How many exclamation marks the text has.
    public private(set) var exclamationMarks = 0

    /// Cuts `text` into words.
    public init(_ text: String) {
        self.text = text
        let scalars = text.unicodeScalars
        var clause = 0
        var scope = 0
        var index = scalars.startIndex
        let end = scalars.endIndex
        while index < end {
            let scalar = scalars[index]
            if Self.isWordScalar(scalar) {
                let start = index
                let numeric = Self.isDigit(scalar)
                var upper = 0
                var lower = 0
                // The lower-case word is built in the same pass: most text is ASCII,
                // and Unicode property look-ups are kept for the rest.
                var bytes: [UInt8] = []
                var cursor = index
                while cursor < end {
                    let current = scalars[cursor]
                    if Self.isWordScalar(current) {
                        if current.isASCII {
                            var byte = UInt8(current.value)
                            if byte >= 0x41 && byte <= 0x5A { upper += 1; byte |= 0x20 } else if byte >= 0x61 { lower += 1 }
                            bytes.append(byte)
                        } else {
                            if current.properties.isUppercase { upper += 1 } else if current.properties.isLowercase { lower += 1 }
                            bytes.append(contentsOf: String(current).lowercased().utf8)
                        }
                        cursor = scalars.index(after: cursor)
                        continue
                    }
                    // Keep "isn't" and "o'clock" whole, and dates and times such as
                    // 2026-03-12, 12/03 and 17:00, which the deadline spotter reads.
                    let next = scalars.index(after: cursor)
                    guard next < end else { break }
                    let following = scalars[next]
                    if (current == "'" || current == "\u{2019}"), Self.isLetter(following), !numeric {
                        bytes.append(0x27)
                        cursor = next
                    } else if numeric, current == "/" || current == "-" || current == ":" || current == ".",
                              Self.isDigit(following) {
                        bytes.append(UInt8(current.value))
                        cursor = next
                    } else {
                        break
                    }
                }
                let word = Self.normalised(String(decoding: bytes, as: UTF8.self))
                if Negation.clauseWords.contains(word) { scope += 1 }
                tokens.append(Token(word: word, stem: Stemmer.stem(word), range: start..<cursor, clause: clause,
                                    negationScope: scope, isNegation: Negation.isNegation(word),
                                    isShouted: upper >= 3 && lower == 0))
                index = cursor
                continue
            }
            if scalar == "!" { exclamationMarks += 1 }
            if Self.endsClause(scalar, at: index, in: scalars) {
                clause += 1
                scope += 1
            }
            index = scalars.index(after: index)
        }
    }

    /// The original text of tokens `first...last`, as the customer wrote it.
    public func original(_ tokens: ClosedRange<Int>) -> String {
        String(text.unicodeScalars[self.tokens[tokens.lowerBound].range.lowerBound..<self.tokens[tokens.upperBound].range.upperBound])
    }

    /// The words with one spelling for each ("can't" → "cannot", "plumber's" → "plumber").
    private static func normalised(_ word: String) -> String {
        switch word {
        case "can't", "cant": return "cannot"
        default:
            if word.hasSuffix("'s"), word.count > 3 { return String(word.dropLast(2)) }
            return word
        }
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x30 && scalar.value <= 0x39 }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return (scalar.value | 0x20) >= 0x61 && (scalar.value | 0x20) <= 0x7A }
        return scalar.properties.isAlphabetic
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" : scalar.properties.isWhitespace
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool { isLetter(scalar) || isDigit(scalar) }

    private static func endsClause(_ scalar: Unicode.Scalar, at index: String.UnicodeScalarView.Index,
                                   in scalars: String.UnicodeScalarView) -> Bool {
        switch scalar {
        case ".", ",", ";", ":", "!", "?", "(", ")", "[", "]", "{", "}", "\u{2013}", "\u{2014}", "\u{2026}":
            return true
        case "-":
            // A hyphen joins ("on-site"); a dash with a space beside it separates.
            let before = index > scalars.startIndex ? scalars[scalars.index(before: index)] : " "
            let nextIndex = scalars.index(after: index)
            let after = nextIndex < scalars.endIndex ? scalars[nextIndex] : " "
            return isSpace(before) || isSpace(after)
        case "\n":
            // A blank line ends a paragraph; a single line break is only where a mail client wrapped.
            var cursor = scalars.index(after: index)
            while cursor < scalars.endIndex, scalars[cursor] == " " || scalars[cursor] == "\t" || scalars[cursor] == "\r" {
                cursor = scalars.index(after: cursor)
            }
            return cursor < scalars.endIndex && scalars[cursor] == "\n"
        default:
            return false
        }
    }
}
