import Foundation

/// A zip file (PKWARE APPNOTE 6.3) of whole files, stored without compression: what an export
/// hands over, readable by every unzip tool. Sizes stay under 4 GiB (no ZIP64); names are UTF-8.
public struct ZipArchive: Sendable {
    private var entries: [(name: [UInt8], crc: UInt32, size: UInt32, offset: UInt32)] = []
    private var bytes: [UInt8] = []
    /// The time written on every file (MS-DOS date and time, as zip keeps them).
    private let dosTime: UInt16, dosDate: UInt16

    /// Why a file cannot go into the archive.
    public struct Problem: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// An empty archive whose files are dated `modified` (in UTC).
    public init(modified: Instant) {
        let date = Date(timeIntervalSince1970: TimeInterval(max(modified.secondsSince1970, 315_532_800)))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        dosTime = UInt16((c.hour ?? 0) << 11 | (c.minute ?? 0) << 5 | (c.second ?? 0) / 2)
        dosDate = UInt16(((c.year ?? 1980) - 1980) << 9 | (c.month ?? 1) << 5 | (c.day ?? 1))
    }

    /// Adds a file named `name` (a path with `/`, no leading `/` or `..`).
    public mutating func add(_ name: String, _ content: Data) throws {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.split(separator: "/").contains("..") else {
            throw Problem(description: "'\(name)' is not a file name a zip may hold")
        }
        let offset = bytes.count
        guard content.count < Int(UInt32.max), offset + content.count < Int(UInt32.max) - 1_000_000 else {
            throw Problem(description: "the export is larger than 4 GiB")
        }
        let name = Array(name.utf8)
        let crc = CRC32.checksum(content)
        // The local file header, then the file.
        append32(0x0403_4b50)
        append16(20)                  // version needed: 2.0
        append16(1 << 11)             // flags: the name is UTF-8
        append16(0)                   // stored
        append16(dosTime); append16(dosDate)
        append32(crc)
        append32(UInt32(content.count)); append32(UInt32(content.count))
        append16(UInt16(name.count)); append16(0)
        bytes += name
        bytes += content
        entries.append((name, crc, UInt32(content.count), UInt32(offset)))
    }

    /// The archive's bytes: the files, then the central directory and its end record.
    public func data() -> Data {
        var out = self
        let directoryStart = out.bytes.count
        for entry in entries {
            out.append32(0x0201_4b50)
            out.append16(20); out.append16(20)
            out.append16(1 << 11); out.append16(0)
            out.append16(dosTime); out.append16(dosDate)
            out.append32(entry.crc)
            out.append32(entry.size); out.append32(entry.size)
            out.append16(UInt16(entry.name.count))
            out.append16(0); out.append16(0)   // extra field, comment
            out.append16(0); out.append16(0)   // disk, internal attributes
            out.append32(0o100644 << 16)       // external attributes: a regular file, rw-r--r--
            out.append32(entry.offset)
            out.bytes += entry.name
        }
        let directorySize = out.bytes.count - directoryStart
        out.append32(0x0605_4b50)
        out.append16(0); out.append16(0)
        out.append16(UInt16(entries.count)); out.append16(UInt16(entries.count))
        out.append32(UInt32(directorySize)); out.append32(UInt32(directoryStart))
        out.append16(0)
        return Data(out.bytes)
    }

    private mutating func append16(_ value: UInt16) {
        bytes.append(UInt8(value & 0xff)); bytes.append(UInt8(value >> 8))
    }

    private mutating func append32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8((value >> UInt32(shift)) & 0xff)) }
    }
}

/// CRC-32 (IEEE 802.3, reflected, as zip and gzip use it).
public enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    public static func checksum(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xff)] ^ (crc >> 8) }
        return crc ^ 0xffff_ffff
    }
}
