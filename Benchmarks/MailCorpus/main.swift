import Foundation
import GatehouseTestSupport

// Writes a generated mailbox for the intake benchmark: `gatehouse-mail-corpus COUNT FOLDER [SEED]`.
// Messages are dated in the week before now, so the desk treats them as live mail and
// acknowledges them (old mail being imported is not acknowledged).
let arguments = CommandLine.arguments
guard arguments.count >= 3, let count = Int(arguments[1]), count > 0 else {
    FileHandle.standardError.write(Data("usage: gatehouse-mail-corpus COUNT FOLDER [SEED]\n".utf8))
    exit(2)
}
let seed = arguments.count > 3 ? UInt64(arguments[3]) ?? 42 : 42
let start = Int64(Date().timeIntervalSince1970) - 7 * 86_400
let corpus = MailCorpus(count: count, seed: seed, start: .init(secondsSince1970: start))
do {
    try corpus.write(to: URL(fileURLWithPath: arguments[2]))
} catch {
    FileHandle.standardError.write(Data("gatehouse-mail-corpus: cannot write \(arguments[2]): \(error)\n".utf8))
    exit(1)
}
let bytes = corpus.messages.reduce(0) { $0 + $1.data.count }
print("wrote \(count) messages (\(bytes / 1024) KiB, \(Set(corpus.messages.map(\.thread)).count) threads) to \(arguments[2])")
