import NIOCore

/// One answer of an SMTP server: a three-digit code and its text, over one or more lines
/// (`250-SIZE 10240000` … `250 HELP`).
public struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    /// The text of each line, without the code and separator.
    public var lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// 2xx and 3xx: the server went along with the command.
    public var isPositive: Bool { code >= 200 && code < 400 }
    /// 4xx: not now, try again later.
    public var isTemporary: Bool { code >= 400 && code < 500 }
    /// 5xx: no, and asking again will not help.
    public var isPermanent: Bool { code >= 500 }

    /// The server's words on one line.
    public var text: String { lines.joined(separator: " ").trimmingSpaces }

    /// `550 5.1.1 No such user`: how the owner is shown the server's answer.
    public var description: String { text.isEmpty ? "\(code)" : "\(code) \(text)" }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}

/// Cuts the server's byte stream into replies. A line longer than `maximumLineLength` or one
/// that does not start with three digits is a protocol error, not something to guess at.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    static let maximumLineLength = 4096
    private var pending: [String] = []
    private var pendingCode: Int?

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maximumLineLength {
                throw SMTPError(.protocolViolation, "the server sent a line longer than \(Self.maximumLineLength) bytes")
            }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        guard length <= Self.maximumLineLength, var bytes = buffer.readBytes(length: length + 1) else {
            throw SMTPError(.protocolViolation, "the server sent a line longer than \(Self.maximumLineLength) bytes")
        }
        bytes.removeLast()
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        let line = String(decoding: bytes, as: UTF8.self)
        let digits = line.utf8.prefix(3)
        guard digits.count == 3, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }), let code = Int(String(line.prefix(3))) else {
            throw SMTPError(.protocolViolation, "the server's answer \"\(line.prefix(80))\" does not start with a reply code")
        }
        if let pendingCode, pendingCode != code {
            throw SMTPError(.protocolViolation, "the server changed reply code in the middle of a reply (\(pendingCode), then \(code))")
        }
        let separator = line.utf8.dropFirst(3).first
        let text = line.count > 4 ? String(line.dropFirst(4)) : ""
        pending.append(text)
        if separator == UInt8(ascii: "-") {
            pendingCode = code
            if pending.count > 512 { throw SMTPError(.protocolViolation, "the server's reply has too many lines") }
            return .continue
        }
        let reply = SMTPReply(code: code, lines: pending)
        pending = []
        pendingCode = nil
        context.fireChannelRead(wrapInboundOut(reply))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue, buffer.readableBytes > 0 {}
        return .needMoreData
    }
}
