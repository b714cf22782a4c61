import Foundation

/// The readable part of an article's address, made from its title:
/// "Clearing a slow drain" → "clearing-a-slow-drain". Letters and digits are
/// kept (lower case, accents dropped where ASCII has the letter), everything
/// else becomes one hyphen.
public enum ArticleSlug {
    /// The slug for `title`; "article" when the title has no letter or digit.
    public static func make(from title: String) -> String {
        var slug = ""
        var pendingHyphen = false
        for scalar in title.lowercased().decomposedStringWithCompatibilityMapping.unicodeScalars {
            if scalar.isASCII, (scalar.value >= 0x61 && scalar.value <= 0x7A) || (scalar.value >= 0x30 && scalar.value <= 0x39) {
                if pendingHyphen, !slug.isEmpty { slug.append("-") }
                pendingHyphen = false
                slug.unicodeScalars.append(scalar)
            } else if scalar.properties.generalCategory == .nonspacingMark {
                continue
            } else {
                pendingHyphen = true
            }
            if slug.utf8.count >= 80 { break }
        }
        return slug.isEmpty ? "article" : slug
    }

    /// Whether `text` is a slug this desk would make (for addresses typed by hand).
    public static func isValid(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 80 && !text.hasPrefix("-") && !text.hasSuffix("-")
            && text.unicodeScalars.allSatisfy { ($0.value >= 0x61 && $0.value <= 0x7A) || ($0.value >= 0x30 && $0.value <= 0x39) || $0 == "-" }
    }
}
