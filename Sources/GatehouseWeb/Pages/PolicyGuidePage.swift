import Foundation
import GatehouseCore
import Hummingbird

/// `/policy/guide`: the policy guide that ships with Gatehouse (every section and key, with
/// examples), as a page of the desk, so "every field is in the guide" is a link an owner can
/// follow from the policy editor, and a problem in the file links to the section it is in.
struct PolicyGuidePage {
    let owner: OwnerPages

    struct Model: Equatable {
        /// The guide as HTML: the Markdown made safe (`ArticleHTML`), headings given the ids
        /// the guide's own links use.
        var guide: String
    }

    func add(to router: RouterGroup<DeskContext>) {
        router.get("policy/guide") { _, context in
            let signedIn = try context.requireCaller()
            return owner.render("policy-guide", signedIn, section: .policy, title: "The policy guide",
                                page: Model(guide: Self.html))
        }
    }

    /// Read and rendered once: the guide is part of the program, not of anyone's data.
    static let html: String = {
        guard let url = Bundle.module.url(forResource: "Guide/policy", withExtension: "md")
                ?? Bundle.module.url(forResource: "policy", withExtension: "md", subdirectory: "Guide"),
              let markdown = try? String(contentsOf: url, encoding: .utf8) else {
            return "<p>The policy guide is missing from this installation.</p>"
        }
        return withHeadingIDs(ArticleHTML.render(markdown))
    }()

    /// The sections of a policy file that have a part of the guide of their own.
    static let sections: Set<String> = ["business", "hours", "closures", "response_windows", "day", "channels", "urgent",
                                        "services", "prices", "plans", "referrals", "templates"]

    /// `html` with an `id` on every heading, spelled as the guide's links spell them
    /// ("What "1 business day" means" → `what-1-business-day-means`), and the guide's title
    /// left to the page's own heading.
    static func withHeadingIDs(_ html: String) -> String {
        var out = ""
        var rest = Substring(html)
        while let open = rest.range(of: "<h", options: .literal) {
            out += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            guard let level = after.first, ("1"..."6").contains(level), after.dropFirst().first == ">",
                  let close = after.range(of: "</h\(level)>") else {
                out += "<h"
                rest = after
                continue
            }
            let inner = after[after.index(after.startIndex, offsetBy: 2)..<close.lowerBound]
            // The page's own h1 is "The policy guide"; the guide's headings sit one level under it.
            let shown = level == "1" ? "2" : String(level)
            out += "<h\(shown) id=\"\(anchor(String(inner)))\">\(inner)</h\(shown)>"
            rest = after[close.upperBound...]
        }
        out += rest
        return out
    }

    /// A heading's anchor as GitHub spells it: the text without tags, lower-cased, letters,
    /// digits, `-` and `_` kept, spaces as `-`.
    static func anchor(_ innerHTML: String) -> String {
        let text = ArticleHTML.decodedReferences(innerHTML.replacing(/<[^>]*>/, with: ""))
        var out = ""
        for character in text.lowercased() {
            if character == " " { out += "-" } else if character.isLetter || character.isNumber || character == "-" || character == "_" {
                out.append(character)
            }
        }
        return out
    }
}
