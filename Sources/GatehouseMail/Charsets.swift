import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns bytes in a named charset into text, the way mail clients do: labels are
/// matched loosely (`latin1`, `cp1251`, `x-sjis`), Microsoft supersets stand in for
/// the strict standards senders really mean (Shift_JIS is read as CP932, GB2312 as
/// GB18030, EUC-KR as CP949), and nothing is ever lost: bytes that cannot be read
/// in the named charset are read as UTF-8 (when valid) or Windows-1252.
enum Charsets {
    /// Why decoding was not clean: the problem code and a plain-words detail.
    struct Trouble: Equatable {
        var code: String
        var detail: String
    }

    /// How one charset label is read.
    enum Reading: Equatable {
        case utf8
        case ascii
        case windows1252
        /// Converted with iconv; the names are tried in order, the last one leniently.
        case iconv(display: String, names: [String], asciiCompatible: Bool)
    }

    /// Decodes `bytes` in the charset `label` (nil or empty: undeclared).
    static func decode(_ bytes: ArraySlice<UInt8>, charset label: String?) -> (text: String, trouble: Trouble?) {
        let name = normalizedLabel(label)
        let reading: Reading? = name.isEmpty ? .ascii : self.reading(for: name)
        let asciiCompatible: Bool
        if case .iconv(_, _, let compatible)? = reading { asciiCompatible = compatible } else { asciiCompatible = true }
        // The common case by far: plain ASCII text in an ASCII-compatible charset.
        if asciiCompatible, !containsNonASCII(bytes) {
            return (String(decoding: bytes, as: UTF8.self), reading == nil ? unknown(name) : nil)
        }
        switch reading {
        case nil:
            let (text, fallback) = utf8OrWindows1252(bytes)
            return (text, Trouble(code: "bad-charset", detail: "unknown charset '\(name)', read as \(fallback)"))
        case .utf8?:
            if let text = String(validating: bytes, as: UTF8.self) { return (text, nil) }
            return (windows1252(bytes), Trouble(code: "bad-charset-bytes", detail: "text declared as UTF-8 is not valid UTF-8, read as Windows-1252"))
        case .ascii?:
            // Undeclared or "us-ascii" text with 8-bit bytes: senders almost always meant UTF-8 or Windows-1252.
            let (text, fallback) = utf8OrWindows1252(bytes)
            let declared = name.isEmpty ? "text without a charset" : "text declared as US-ASCII"
            return (text, Trouble(code: "bad-charset-bytes", detail: "\(declared) contains 8-bit bytes, read as \(fallback)"))
        case .windows1252?:
            return (windows1252(bytes), nil)
        case .iconv(let display, let names, _)?:
            for candidate in names.dropLast() {
                if let text = convert(bytes, from: candidate, lenient: false)?.text { return (text, nil) }
            }
            if let last = names.last, let (text, badBytes) = convert(bytes, from: last, lenient: true) {
                if badBytes == 0 { return (text, nil) }
                // A mislabelled UTF-8 text is far more likely than a few broken bytes.
                if let utf8 = String(validating: bytes, as: UTF8.self) {
                    return (utf8, Trouble(code: "bad-charset-bytes", detail: "text declared as \(display) is not valid \(display), read as UTF-8"))
                }
                return (text, Trouble(code: "bad-charset-bytes", detail: "\(badBytes) byte(s) could not be read as \(display) and were read as Windows-1252"))
            }
            let (text, fallback) = utf8OrWindows1252(bytes)
            return (text, Trouble(code: "bad-charset", detail: "charset '\(name)' is not available here, read as \(fallback)"))
        }
    }

    private static func unknown(_ name: String) -> Trouble {
        Trouble(code: "bad-charset", detail: "unknown charset '\(name)', read as US-ASCII")
    }

    /// UTF-8 when the bytes are valid UTF-8, else Windows-1252; with the name of the one used.
    static func utf8OrWindows1252(_ bytes: ArraySlice<UInt8>) -> (String, String) {
        if let text = String(validating: bytes, as: UTF8.self) { return (text, "UTF-8") }
        return (windows1252(bytes), "Windows-1252")
    }

    /// A charset label lower-cased, without quotes, whitespace or an RFC 2231 language suffix.
    static func normalizedLabel(_ label: String?) -> String {
        guard let label else { return "" }
        // Labels are ASCII; work on bytes, this runs for every part and encoded word.
        var bytes = trimmed(Array(label.utf8)[...])
        while let f = bytes.first, f == UInt8(ascii: "\"") || f == UInt8(ascii: "'") { bytes = trimmed(bytes.dropFirst()) }
        while let l = bytes.last, l == UInt8(ascii: "\"") || l == UInt8(ascii: "'") { bytes = trimmed(bytes.dropLast()) }
        if let star = bytes.firstIndex(of: UInt8(ascii: "*")) { bytes = bytes[..<star] }
        return lowercasedASCIIString(bytes)
    }

    /// How the normalized label `name` is read, or nil for a charset nobody knows.
    static func reading(for name: String) -> Reading? {
        // The labels nearly all mail uses, before the long list.
        if name == "utf-8" { return .utf8 }
        if name == "us-ascii" { return .ascii }
        if name == "iso-8859-1" || name == "windows-1252" { return .windows1252 }
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8", "unicode-2-0-utf-8":
            return .utf8
        case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "646", "iso-ir-6", "cp367", "csascii":
            return .ascii
        // Browsers and mail clients read ISO-8859-1 as its superset Windows-1252.
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "iso-latin-1", "cp819", "ibm819",
             "iso_8859-1:1987", "windows-1252", "cp1252", "x-cp1252", "ms-ansi", "8859-1", "iso-ir-100", "csisolatin1":
            return .windows1252
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "cp932", "ms932", "x-ms-cp932":
            return .iconv(display: "Shift_JIS", names: ["CP932", "SHIFT_JIS"], asciiCompatible: true)
        case "euc-jp", "x-euc-jp", "eucjp", "cseucpkdfmtjapanese":
            return .iconv(display: "EUC-JP", names: ["EUC-JP", "EUC-JP-MS"], asciiCompatible: true)
        case "iso-2022-jp", "csiso2022jp", "iso-2022-jp-2", "iso-2022-jp-3":
            return .iconv(display: "ISO-2022-JP", names: ["ISO-2022-JP", "ISO-2022-JP-2", "ISO-2022-JP-3"], asciiCompatible: false)
        case "gb2312", "gbk", "gb18030", "cp936", "x-gbk", "euc-cn", "x-euc-cn", "chinese", "csgb2312", "gb_2312-80", "ms936", "windows-936":
            return .iconv(display: "GB18030", names: ["GB18030"], asciiCompatible: true)
        case "big5", "big-5", "cn-big5", "x-x-big5", "csbig5", "big5-hkscs", "cp950", "x-big5":
            return .iconv(display: "Big5", names: ["BIG5", "CP950", "BIG5-HKSCS"], asciiCompatible: true)
        case "euc-kr", "ks_c_5601-1987", "ksc5601", "ks_c_5601", "korean", "cp949", "windows-949", "x-windows-949", "uhc", "cseuckr":
            return .iconv(display: "EUC-KR", names: ["CP949"], asciiCompatible: true)
        case "koi8-r", "koi8r", "cskoi8r":
            return .iconv(display: "KOI8-R", names: ["KOI8-R"], asciiCompatible: true)
        case "koi8-u", "koi8u":
            return .iconv(display: "KOI8-U", names: ["KOI8-U"], asciiCompatible: true)
        case "tis-620", "windows-874", "cp874", "iso-8859-11":
            return .iconv(display: "Windows-874", names: ["CP874"], asciiCompatible: true)
        case "utf-7", "unicode-1-1-utf-7", "x-unicode-2-0-utf-7":
            return .iconv(display: "UTF-7", names: ["UTF-7"], asciiCompatible: false)
        case "utf-16", "utf-16le", "utf-16be", "utf-32", "utf-32le", "utf-32be", "ucs-2":
            return .iconv(display: name.uppercased(), names: [name.uppercased()], asciiCompatible: false)
        default:
            break
        }
        if let number = suffixNumber(name, prefixes: ["iso-8859-", "iso8859-", "iso_8859-", "iso8859_"]), (2...16).contains(number), number != 12 {
            if number == 8 { return .iconv(display: "ISO-8859-8", names: ["ISO-8859-8"], asciiCompatible: true) }
            return .iconv(display: "ISO-8859-\(number)", names: ["ISO-8859-\(number)"], asciiCompatible: true)
        }
        if name.hasPrefix("iso-8859-8-") { return .iconv(display: "ISO-8859-8", names: ["ISO-8859-8"], asciiCompatible: true) }
        if let number = suffixNumber(name, prefixes: ["windows-", "cp", "x-cp", "cp-", "win-"]), (1250...1258).contains(number) {
            if number == 1252 { return .windows1252 }
            return .iconv(display: "Windows-\(number)", names: ["CP\(number)"], asciiCompatible: true)
        }
        let latin: [String: Int] = ["latin2": 2, "latin3": 3, "latin4": 4, "latin5": 9, "latin6": 10, "latin7": 13, "latin8": 14, "latin9": 15, "latin10": 16, "l2": 2, "l9": 15]
        if let number = latin[name.replacingOccurrences(of: "-", with: "")] ?? latin[name] {
            return .iconv(display: "ISO-8859-\(number)", names: ["ISO-8859-\(number)"], asciiCompatible: true)
        }
        // Anything else glibc itself knows by that name (mac, ibm code pages, …); only plain names are tried.
        if name.utf8.count <= 40, name.utf8.allSatisfy({ $0.isASCIILetter || $0.isASCIIDigit || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E || $0 == 0x3A }),
           name.first?.isLetter == true, iconvKnows(name.uppercased()) {
            return .iconv(display: name.uppercased(), names: [name.uppercased()], asciiCompatible: true)
        }
        return nil
    }

    private static func suffixNumber(_ name: String, prefixes: [String]) -> Int? {
        for prefix in prefixes where name.hasPrefix(prefix) {
            return Int(name.dropFirst(prefix.count))
        }
        return nil
    }

    private static func iconvKnows(_ name: String) -> Bool {
        guard let cd = iconv_open("UTF-8", name), cd != invalidDescriptor else { return false }
        iconv_close(cd)
        return true
    }

    private static var invalidDescriptor: iconv_t? { iconv_t(bitPattern: -1) }

    /// Converts with iconv. Strict mode returns nil on any bad byte; lenient mode reads
    /// each bad byte as Windows-1252 and counts them. Nil also when iconv lacks the charset.
    static func convert(_ bytes: ArraySlice<UInt8>, from charset: String, lenient: Bool) -> (text: String, badBytes: Int)? {
        guard let cd = iconv_open("UTF-8", charset), cd != invalidDescriptor else { return nil }
        defer { iconv_close(cd) }
        var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        var written = 0
        var badBytes = 0
        var input = Array(bytes)
        let total = input.count
        var consumed = 0
        let ok: Bool = input.withUnsafeMutableBufferPointer { inBuffer in
            while true {
                var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress.map {
                    UnsafeMutableRawPointer($0 + consumed).assumingMemoryBound(to: CChar.self)
                }
                var inLeft = total - consumed
                let (result, error, outLeftAfter): (Int, Int32, Int) = output.withUnsafeMutableBufferPointer { outBuffer in
                    var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress.map {
                        UnsafeMutableRawPointer($0 + written).assumingMemoryBound(to: CChar.self)
                    }
                    var outLeft = outBuffer.count - written
                    let r = iconv(cd, &inPointer, &inLeft, &outPointer, &outLeft)
                    return (r, r == -1 ? errno : 0, outLeft)
                }
                written = output.count - outLeftAfter
                consumed = total - inLeft
                if result != -1 {
                    // Flush what iconv holds back: CP1255 and CP1258 keep the last letter
                    // waiting for a combining mark, stateful charsets their shift state.
                    let flushedLeft: Int = output.withUnsafeMutableBufferPointer { outBuffer in
                        var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress.map {
                            UnsafeMutableRawPointer($0 + written).assumingMemoryBound(to: CChar.self)
                        }
                        var outLeft = outBuffer.count - written
                        _ = iconv(cd, nil, nil, &outPointer, &outLeft)
                        return outLeft
                    }
                    written = output.count - flushedLeft
                    return true
                }
                switch error {
                case E2BIG:
                    output.append(contentsOf: repeatElement(0, count: output.count + 64))
                case EILSEQ, EINVAL:
                    guard lenient else { return false }
                    // Read the offending byte as Windows-1252 and go on after it.
                    let scalar = windows1252Scalar(inBuffer[consumed])
                    var encoded = [UInt8]()
                    UTF8.encode(scalar) { encoded.append($0) }
                    if written + encoded.count > output.count { output.append(contentsOf: repeatElement(0, count: output.count + 64)) }
                    for b in encoded { output[written] = b; written += 1 }
                    consumed += 1
                    badBytes += 1
                    _ = iconv(cd, nil, nil, nil, nil)
                    if consumed >= total { return true }
                default:
                    return false
                }
            }
        }
        guard ok else { return nil }
        return (String(decoding: output[0..<written], as: UTF8.self), badBytes)
    }

    /// Bytes read as Windows-1252; every byte maps to a character, so nothing is lost.
    static func windows1252(_ bytes: ArraySlice<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for b in bytes { scalars.append(windows1252Scalar(b)) }
        return String(scalars)
    }

    @inline(__always)
    static func windows1252Scalar(_ b: UInt8) -> Unicode.Scalar {
        if b < 0x80 || b > 0x9F { return Unicode.Scalar(b) }
        let value = windows1252High[Int(b - 0x80)]
        return Unicode.Scalar(value) ?? Unicode.Scalar(b)
    }

    // 0x80–0x9F in Windows-1252; the five unassigned bytes keep their C1 code point.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}
