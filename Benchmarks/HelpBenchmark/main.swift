// The help suggestion benchmark, run with
//   swift run -c release gatehouse-help-bench
// 2,000 generated articles in one workspace; the time to suggest articles for a 100-word
// customer message once the index is built (warm), and the time to build the index.
// Results are written to standard output; BENCHMARKS.md ("Help suggestions") records them.
import Foundation
import GatehouseCore

func milliseconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
}

// A vocabulary of trade words and filler, so articles share words the way real ones do.
let trade = ["drain", "sink", "toilet", "faucet", "tap", "leak", "pipe", "valve", "heater", "boiler", "radiator", "pressure",
             "shower", "bath", "tub", "disposal", "sewer", "vent", "thermostat", "pilot", "flush", "tank", "washer",
             "cartridge", "seal", "hose", "meter", "filter", "softener", "pump", "sump", "gutter", "basement", "kitchen",
             "bathroom", "laundry", "garage", "outdoor", "spigot", "frozen", "noise", "smell", "drip", "clog", "slow",
             "cold", "hot", "warm", "water", "gas", "electric", "install", "replace", "repair", "clean", "check", "reset",
             "printer", "laptop", "password", "email", "phone", "network", "wifi", "vpn", "backup", "server", "account"]
let filler = ["the", "a", "my", "is", "it", "and", "when", "after", "since", "every", "only", "then", "but", "again"]
var random = SeededRandom(seed: 7)
func words(_ count: Int, _ random: inout SeededRandom) -> String {
    (0..<count).map { index in
        index % 3 == 2 ? filler[Int.random(in: 0..<filler.count, using: &random)]
            : trade[Int.random(in: 0..<trade.count, using: &random)] + (Int.random(in: 0..<4, using: &random) == 0 ? "s" : "")
    }.joined(separator: " ")
}
let articles = (0..<2_000).map { number in
    HelpArticle(id: "a\(number)", slug: "article-\(number)", title: words(5, &random), category: "Category \(number % 12)",
                tags: [words(1, &random), words(1, &random), words(2, &random)], questions: [words(7, &random), words(8, &random), words(6, &random)],
                body: words(250, &random))
}
let messages = (0..<200).map { _ in words(100, &random) }

var index: HelpIndex!
let build = milliseconds { index = HelpIndex(articles: articles) }
var found = 0
for message in messages.prefix(20) { found += index.search(message, limit: 3).count }   // warm up
var times: [Double] = []
for message in messages {
    times.append(milliseconds {
        found += HelpSuggestion.decide(for: message, urgentSigns: [], in: index).matches.count
    })
}
times.sort()
let median = times[times.count / 2], p95 = times[times.count * 95 / 100], worst = times.last!
print("Help suggestion benchmark: 2,000 articles (title 5 words, 3 questions, 4 tags, body 250 words), 200 messages of 100 words")
print(String(format: "index build  %8.1f ms", build))
print(String(format: "suggest      median %.3f ms, p95 %.3f ms, max %.3f ms (warm)", median, p95, worst))
print("(\(found) suggestions made)")
