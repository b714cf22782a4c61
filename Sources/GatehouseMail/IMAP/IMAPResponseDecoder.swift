import Foundation
import NIOCore

/// Cuts the server's byte stream into responses. A line ending in `{n}` (or `{n+}`) is followed by
/// exactly n bytes of literal, of any size, after which the same response goes on.
struct IMAPResponseDecoder: ByteToMessageDecoder {
    typealias InboundOut = IMAPResponse

    /// A line (not counting literals) longer than this is a protocol error: a UID SEARCH answer
    /// for a million messages still fits.
    static let maximumLineLength = 16 * 1024 * 1024

    private var bytes: [UInt8] = []
    private var literals: [Data] = []
    private var literalLength: Int?
    /// Where the search for the end of the line resumes, so a long line is scanned once.
    private var scanned = 0

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if let length = literalLength {
            guard buffer.readableBytes >= length, let literal = buffer.readBytes(length: length) else { return .needMoreData }
            literals.append(Data(literal))
            bytes.append(0)
            literalLength = nil
            return .continue
        }
        let view = buffer.readableBytesView
        guard let newline = view[(view.startIndex + scanned)...].firstIndex(of: UInt8(ascii: "\n")) else {
            scanned = view.count
            if bytes.count + view.count > Self.maximumLineLength {
                throw IMAPError(.protocolViolation, "the server sent a line longer than \(Self.maximumLineLength) bytes")
            }
            return .needMoreData
        }
        scanned = 0
        guard var line = buffer.readBytes(length: newline - view.startIndex + 1) else { return .needMoreData }
        line.removeLast()
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        if let length = Self.literalLength(atEndOf: line) {
            let open = line.lastIndex(of: UInt8(ascii: "{"))!
            bytes += line[..<open]
            literalLength = length
            return .continue
        }
        bytes += line
        let response = IMAPResponse(bytes: bytes, literals: literals)
        bytes = []
        literals = []
        context.fireChannelRead(wrapInboundOut(response))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue, buffer.readableBytes > 0 {}
        return .needMoreData
    }

    /// n for a line that ends in `{n}` or `{n+}`.
    static func literalLength(atEndOf line: [UInt8]) -> Int? {
        guard line.last == UInt8(ascii: "}"), let open = line.lastIndex(of: UInt8(ascii: "{")) else { return nil }
        var digits = line[(open + 1)..<(line.count - 1)]
        if digits.last == UInt8(ascii: "+") { digits = digits.dropLast() }
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(String(decoding: digits, as: UTF8.self))
    }
}
