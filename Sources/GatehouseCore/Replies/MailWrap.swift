import Foundation

/// Plain-text mail as it leaves the desk: every paragraph wrapped at about 72 columns,
/// never inside a word, in RFC 3676 format=flowed (DelSp=no). A wrap is a soft line break —
/// the line ends in a space — so a mail program that knows the format joins the paragraph
/// again to fit its own screen, and one that does not still shows short, whole-word lines.
public enum MailWrap {
    /// The usual width: readable in any mail program, and under the 78 RFC 5322 asks for.
    public static let width = 72

    /// `text` in format=flowed: long lines broken after a space (the space stays, marking the
    /// break as soft), hard lines without trailing spaces, and lines that start with a space,
    /// ">" or "From " stuffed with one space. A word longer than the width (a link) stands
    /// alone on its line, whole. Line ends are LF.
    public static func flowed(_ text: String, width: Int = MailWrap.width) -> String {
        Prose.lines(text).map { line in
            wrap(Prose.trimmedEnd(line), width: width).map(stuffed).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// The lines one hard line becomes: every line but the last ends in the space it broke at.
    static func wrap(_ line: String, width: Int) -> [String] {
        guard line.count > width else { return [line] }
        var pieces: [String] = []
        var current = ""
        // Words with the spaces that follow them, so each piece can end in its space.
        var length = 0
        for word in wordsWithSpaces(line) {
            // The piece's width with this word, without the spaces that would end it (a word
            // holds its following spaces; one of spaces only ends the piece as it is).
            let wordLength = word.count
            let trailing = word.reversed().prefix { $0 == " " || $0 == "\t" }.count
            let visible = trailing == wordLength
                ? Prose.trimmedEnd(current).count
                : length + wordLength - trailing
            if !current.isEmpty, visible > width, current.last == " " {
                pieces.append(current)
                current = word
                length = wordLength
            } else {
                current += word
                length += wordLength
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// "a  b c" as ["a  ", "b ", "c"]: each word keeps the run of spaces after it.
    static func wordsWithSpaces(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in line {
            if character != " ", current.last == " " {
                words.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { words.append(current) }
        // "4:15 PM" and "+1 312 555 0142" are one word to a reader: the break never falls between
        // a time and its AM/PM, or inside a phone number's groups of digits.
        var glued: [String] = []
        func isDigits(_ text: String) -> Bool {
            let bare = text.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: ".,;:)"))
            return !bare.isEmpty && bare.allSatisfy { $0.isASCII && ($0.isNumber || "+-()".contains($0)) }
                && bare.contains { $0.isNumber }
        }
        for word in words {
            let last = glued.last ?? ""
            let afterNumber = last.last == " " && last.dropLast().last?.isNumber == true
            // Most words follow no number: the closer looks below are for the few that do.
            guard afterNumber else {
                glued.append(word)
                continue
            }
            let bare = word.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: .punctuationCharacters).lowercased()
            let lastGroup = String(last.split(separator: " ").last ?? "")
            // A phone number's groups stay together, up to the length of a long number.
            let phoneGroup = isDigits(word) && isDigits(lastGroup) && word.count <= 6 && (last + word).count <= 20
            if afterNumber, ["am", "pm", "a.m", "p.m"].contains(bare) || phoneGroup {
                glued[glued.count - 1] = last + word
            } else {
                glued.append(word)
            }
        }
        return glued
    }

    /// RFC 3676 §4.4: a line starting with a space, ">" or "From " gets one more space in front.
    static func stuffed(_ line: String) -> String {
        line.hasPrefix(" ") || line.hasPrefix(">") || line.hasPrefix("From ") ? " " + line : line
    }
}
