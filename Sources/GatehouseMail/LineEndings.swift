#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Line endings as they arrived. Mail on the wire uses CRLF, mail piped from an MTA
/// or kept in files uses LF, and old Mac software used bare CR; all three are read
/// alike by turning every line ending into a single LF before anything else reads it.
struct LineEndings {
    var bytes: [UInt8]
    var sawCRLF = false
    var sawBareLF = false
    var sawBareCR = false

    /// `input` with CRLF and bare CR turned into LF.
    init(normalizing input: [UInt8]) {
        let count = input.count
        let firstCR: Int? = input.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, let hit = memchr(base, 0x0D, count) else { return nil }
            return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
        }
        guard let firstCR else {
            // No CR at all: LF-only files are normal, nothing to change.
            bytes = input
            sawBareLF = input.contains(0x0A)
            return
        }
        var out = [UInt8]()
        out.reserveCapacity(count)
        var chunkStart = 0
        var cr: Int? = firstCR
        var crlf = false, bareLF = false, bareCR = false
        input.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            while let at = cr {
                // Bytes between line endings are copied in one go; any LF among them is a bare LF.
                if at > chunkStart {
                    if !bareLF, memchr(base + chunkStart, 0x0A, at - chunkStart) != nil { bareLF = true }
                    out.append(contentsOf: UnsafeBufferPointer(start: base + chunkStart, count: at - chunkStart))
                }
                out.append(0x0A)
                if at + 1 < count, buffer[at + 1] == 0x0A {
                    crlf = true
                    chunkStart = at + 2
                } else {
                    bareCR = true
                    chunkStart = at + 1
                }
                if chunkStart < count, let hit = memchr(base + chunkStart, 0x0D, count - chunkStart) {
                    cr = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
                } else {
                    cr = nil
                }
            }
            if chunkStart < count {
                if !bareLF, memchr(base + chunkStart, 0x0A, count - chunkStart) != nil { bareLF = true }
                out.append(contentsOf: UnsafeBufferPointer(start: base + chunkStart, count: count - chunkStart))
            }
        }
        bytes = out
        sawCRLF = crlf
        sawBareLF = bareLF
        sawBareCR = bareCR
    }
}
