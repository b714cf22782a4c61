/// Reduces an English word to a stem, so that "leaks", "leaking" and "leaked"
/// all read as "leak", and "pipes" as "pipe".
///
/// The stem is a matching key, not a dictionary word: "pipe" becomes "pip" and
/// "house" becomes "hous". What matters is that every inflection of a word gets
/// the same key as the word itself, because a policy's phrases and a customer's
/// message go through the same stemmer. It removes only inflections (plural
/// `-s`/`-es`/`-ies`, `-ed`, `-ing`), never derivations: "heater" stays apart
/// from "heat", and "installation" from "install".
public enum Stemmer {
    /// The stem of a lower-case word.
    public static func stem(_ word: String) -> String {
        var letters = Array(word.utf8)
        // Short words ("gas", "no", "is") have no inflection worth removing, and
        // numbers and non-English words are left as they are.
        guard letters.count > 3, letters.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return word }
        if letters.hasSuffix("ing"), isRoot(letters.dropLast(3)) {
            letters.removeLast(3)
            undouble(&letters)
        } else if letters.hasSuffix("ied"), letters.count > 4 {
            letters.removeLast(3)
            letters.append(0x79) // "replied" → "reply"
        } else if letters.hasSuffix("ed"), !letters.hasSuffix("eed"), isRoot(letters.dropLast(2)) {
            letters.removeLast(2)
            undouble(&letters)
        } else if letters.hasSuffix("ies"), letters.count > 4 {
            letters.removeLast(3)
            letters.append(0x79) // "batteries" → "battery"
        } else if letters.hasSuffix("sses") || letters.hasSuffix("xes") || letters.hasSuffix("ches")
                    || letters.hasSuffix("shes") || letters.hasSuffix("zzes") {
            letters.removeLast(2)
        } else if letters.last == 0x73, !letters.hasSuffix("ss"), !letters.hasSuffix("us"), !letters.hasSuffix("is") {
            letters.removeLast()
        }
        // A final silent "e" is dropped from every stem, so that "pipe", "piped"
        // and "piping" agree, as do "gas" and "gases".
        if letters.count > 3, letters.last == 0x65, letters[letters.count - 2] != 0x65 {
            letters.removeLast()
        }
        return String(decoding: letters, as: UTF8.self)
    }

    /// Whether what is left after removing a suffix still looks like a word:
    /// three letters or more with a vowel, so "thing", "bring" and "need" keep theirs.
    private static func isRoot(_ root: ArraySlice<UInt8>) -> Bool {
        root.count >= 3 && root.contains { [0x61, 0x65, 0x69, 0x6F, 0x75, 0x79].contains($0) }
    }

    /// "stopp" → "stop", "clogg" → "clog"; a double l, s or z stays ("fall", "miss", "buzz").
    private static func undouble(_ letters: inout [UInt8]) {
        guard letters.count >= 3, let last = letters.last, last == letters[letters.count - 2],
              ![0x6C, 0x73, 0x7A, 0x61, 0x65, 0x69, 0x6F, 0x75].contains(last) else { return }
        letters.removeLast()
    }
}

extension Array where Element == UInt8 {
    fileprivate func hasSuffix(_ suffix: StaticString) -> Bool {
        let tail = UnsafeBufferPointer(start: suffix.utf8Start, count: suffix.utf8CodeUnitCount)
        guard count >= tail.count else { return false }
        return zip(self[(count - tail.count)...], tail).allSatisfy { $0 == $1 }
    }
}
