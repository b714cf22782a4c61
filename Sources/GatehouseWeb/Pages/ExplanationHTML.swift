import Foundation
import GatehouseCore
import GatehouseMail

/// The "How we work" text (`PolicyExplanation`, written with `##` headings and `-` lists) as
/// HTML. Every word is escaped; only the few structures the explanation uses become tags.
enum ExplanationHTML {
    static func render(_ policy: Policy) -> String {
        func linked(_ text: String) -> String { ContactLinks.html(text, business: policy.business) }
        let lines = PolicyExplanation(policy: policy).text.split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init).dropFirst()  // The first line is the page's title, which the page writes itself.
        var html = ""
        var paragraph: [String] = []
        var inList = false
        func flush() {
            if !paragraph.isEmpty { html += "<p>" + paragraph.joined(separator: " ") + "</p>\n" }
            paragraph = []
            if inList { html += "</ul>\n" }
            inList = false
        }
        for line in lines {
            if line.hasPrefix("## ") {
                flush()
                html += "<h2>" + escape(String(line.dropFirst(3))) + "</h2>\n"
            } else if line.hasPrefix("- ") {
                if !paragraph.isEmpty { html += "<p>" + paragraph.joined(separator: " ") + "</p>\n"; paragraph = [] }
                if !inList { html += "<ul>\n"; inList = true }
                html += "<li>" + linked(String(line.dropFirst(2))) + "</li>\n"
            } else if line.trimmingCharacters(in: .whitespaces).isEmpty {
                flush()
            } else {
                if inList { html += "</ul>\n"; inList = false }
                paragraph.append(linked(line))
            }
        }
        flush()
        return html
    }

    static func escape(_ text: String) -> String { HTMLBody.escaped(text) }
}
