/// Content-Transfer-Encoding: how a part's bytes were made safe for transport, and
/// how to undo it. Decoders are lenient, as mail needs: base64 skips whitespace and
/// junk and tolerates missing padding; quoted-printable keeps bad escapes as they are.
enum TransferEncoding {
    /// The result of decoding, with what was wrong with the input (nil when clean).
    struct Decoded {
        var bytes: [UInt8]
        var trouble: Charsets.Trouble?
    }

    /// Decodes `body` according to the Content-Transfer-Encoding `name` (lower-cased).
    static func decode(_ body: ArraySlice<UInt8>, encoding name: String) -> Decoded {
        switch name {
        case "", "7bit", "8bit", "binary", "7-bit", "8-bit":
            return Decoded(bytes: Array(body), trouble: nil)
        case "base64", "base-64":
            return base64(body)
        case "quoted-printable", "quotedprintable", "qp":
            return quotedPrintable(body)
        default:
            return Decoded(bytes: Array(body), trouble: Charsets.Trouble(
                code: "unknown-transfer-encoding",
                detail: "unknown Content-Transfer-Encoding '\(name)', kept as it is"))
        }
    }

    // The base64 alphabet; 0xFF for bytes outside it.
    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        // The URL-safe alphabet turns up now and then; reading it costs nothing.
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// Lenient base64: whitespace is skipped, other junk is skipped and reported, `=`
    /// ends a quantum (so concatenated base64 blocks still decode), padding is optional.
    static func base64(_ body: ArraySlice<UInt8>) -> Decoded {
        var out = [UInt8]()
        out.reserveCapacity(body.count * 3 / 4 + 3)
        var accumulator: UInt32 = 0
        var count = 0
        var junk = 0
        var dangling = false
        let table = base64Values
        body.withUnsafeBufferPointer { buffer in
            table.withUnsafeBufferPointer { values in
                for byte in buffer {
                    let value = values[Int(byte)]
                    if value != 0xFF {
                        accumulator = (accumulator << 6) | UInt32(value)
                        count += 1
                        if count == 4 {
                            out.append(UInt8(truncatingIfNeeded: accumulator >> 16))
                            out.append(UInt8(truncatingIfNeeded: accumulator >> 8))
                            out.append(UInt8(truncatingIfNeeded: accumulator))
                            accumulator = 0
                            count = 0
                        }
                    } else if byte == UInt8(ascii: "=") {
                        if count > 0 { dangling = dangling || flush(&accumulator, &count, into: &out) }
                    } else if !byte.isSpaceOrNewline {
                        junk += 1
                    }
                }
            }
        }
        if count > 0 { dangling = dangling || flush(&accumulator, &count, into: &out) }
        var trouble: Charsets.Trouble?
        if junk > 0 || dangling {
            var what: [String] = []
            if junk > 0 { what.append("\(junk) character(s) that are not base64 were skipped") }
            if dangling { what.append("it ends in the middle of a byte") }
            trouble = Charsets.Trouble(code: "broken-base64", detail: "broken base64: " + what.joined(separator: " and "))
        }
        return Decoded(bytes: out, trouble: trouble)
    }

    /// Writes the whole bytes of a partial quantum; returns true when bits were left over
    /// that do not make a byte (a single base64 character), which means broken input.
    private static func flush(_ accumulator: inout UInt32, _ count: inout Int, into out: inout [UInt8]) -> Bool {
        defer { accumulator = 0; count = 0 }
        switch count {
        case 2:
            out.append(UInt8(truncatingIfNeeded: accumulator >> 4))
        case 3:
            out.append(UInt8(truncatingIfNeeded: accumulator >> 10))
            out.append(UInt8(truncatingIfNeeded: accumulator >> 2))
        case 1:
            return true
        default:
            break
        }
        return false
    }

    /// Quoted-printable: `=XX` escapes, `=` line ends as soft breaks, trailing
    /// transport whitespace removed; an `=` that starts no valid escape is kept as is.
    static func quotedPrintable(_ body: ArraySlice<UInt8>) -> Decoded {
        var out = [UInt8]()
        out.reserveCapacity(body.count)
        var badEscapes = 0
        var i = body.startIndex
        let end = body.endIndex
        while i < end {
            let byte = body[i]
            if byte == UInt8(ascii: "=") {
                // Soft line break: "=" then optional trailing whitespace then LF (or the end).
                var j = i + 1
                while j < end, body[j].isWSP || body[j] == 0x0D { j += 1 }
                if j == end || body[j] == 0x0A {
                    i = j < end ? j + 1 : j
                    continue
                }
                if i + 2 < end, let high = body[i + 1].hexValue, let low = body[i + 2].hexValue {
                    out.append(high << 4 | low)
                    i += 3
                    continue
                }
                badEscapes += 1
                out.append(byte)
                i += 1
            } else if byte.isWSP {
                // Whitespace at the end of a line was added in transport and is not content.
                var j = i
                while j < end, body[j].isWSP { j += 1 }
                if j == end || body[j] == 0x0A {
                    i = j
                } else {
                    out.append(contentsOf: body[i..<j])
                    i = j
                }
            } else {
                out.append(byte)
                i += 1
            }
        }
        let trouble = badEscapes > 0
            ? Charsets.Trouble(code: "bad-quoted-printable", detail: "\(badEscapes) '=' sign(s) that start no valid quoted-printable escape were kept as they are")
            : nil
        return Decoded(bytes: out, trouble: trouble)
    }
}
