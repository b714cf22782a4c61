import Foundation
import GatehouseCore
import Hummingbird
import NIOCore

/// A JSON request body read field by field, so each problem names its field:
/// malformed JSON and wrong types are 400, unknown fields 422, too large 413.
struct JSONBody {
    private let object: [String: JSONValue]

    /// Reads the request body as a JSON object, at most `limit` bytes.
    /// With `emptyIsObject`, for an optional body, no body at all reads as `{}`.
    static func read(_ request: Request, limit: Int, emptyIsObject: Bool = false) async throws -> JSONBody {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch {
            throw APIError(.contentTooLarge, code: "too_large", "the request body is larger than \(limit / 1024) KiB")
        }
        if emptyIsObject, buffer.readableBytes == 0 { return JSONBody(object: [:]) }
        return try parse(Data(buffer: buffer))
    }

    static func parse(_ data: Data) throws -> JSONBody {
        guard !data.isEmpty else { throw APIError(.badRequest, code: "malformed_json", "the request body is empty; send a JSON object") }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            let detail = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
                ?? context.debugDescription
            throw APIError(.badRequest, code: "malformed_json", "the request body is not valid JSON: \(detail)")
        } catch {
            throw APIError(.badRequest, code: "malformed_json", "the request body is not valid JSON")
        }
        guard case .object(let object) = value else {
            throw APIError(.badRequest, code: "malformed_json", "the request body must be a JSON object")
        }
        return JSONBody(object: object)
    }

    /// A field of the wrong type; null is named, since a client may mean "no value" by it.
    static func wrongType(_ key: String, _ expected: String, _ value: JSONValue) -> APIError {
        APIError(.badRequest, code: "wrong_type", value == .null
                    ? "'\(key)' must be \(expected), not null; leave it out to keep it as it is"
                    : "'\(key)' must be \(expected)", field: key)
    }

    /// Refuses fields other than `allowed`, naming the first unknown one.
    func allowOnly(_ allowed: [String]) throws {
        for key in object.keys.sorted() where !allowed.contains(key) {
            throw APIError(.unprocessableContent, code: "unknown_field",
                           "unknown field '\(key)'; expected one of " + allowed.joined(separator: ", "), field: key)
        }
    }

    func has(_ key: String) -> Bool { object[key] != nil }

    /// Whether the field is written as `null` (where the document declares it nullable: "no value").
    func isNull(_ key: String) -> Bool { object[key] == .null }

    // A field left out is nil; a field written as null where the document does not declare it
    // nullable is refused like any other wrong type, so that the API takes what it declares.

    func string(_ key: String, required: Bool = false) throws -> String? {
        guard let value = object[key] else {
            if required { throw APIError(.unprocessableContent, code: "missing_field", "'\(key)' is required", field: key) }
            return nil
        }
        guard case .string(let text) = value else { throw Self.wrongType(key, "a string", value) }
        return text
    }

    func bool(_ key: String) throws -> Bool? {
        guard let value = object[key] else { return nil }
        guard case .bool(let flag) = value else { throw Self.wrongType(key, "true or false", value) }
        return flag
    }

    func integer(_ key: String) throws -> Int? {
        guard let value = object[key] else { return nil }
        switch value {
        case .integer(let whole): return whole
        case .number(let number) where Int(exactly: number) != nil: return Int(exactly: number)
        default: throw Self.wrongType(key, "a whole number", value)
        }
    }

    /// An ISO 8601 instant with an offset, like 2026-11-23T14:00:00-06:00.
    func instant(_ key: String) throws -> Instant? {
        guard let text = try string(key) else { return nil }
        return try Self.instant(text, field: key)
    }

    /// `text` read as an ISO 8601 instant with an offset, or a 400 naming `field`.
    static func instant(_ text: String, field: String) throws -> Instant {
        do {
            return try ISO8601.parse(text)
        } catch {
            throw APIError(.badRequest, code: "bad_instant",
                           "'\(field)' must be an ISO 8601 instant with an offset, like 2026-11-23T14:00:00-06:00: \(error.message)",
                           field: field)
        }
    }

    func strings(_ key: String) throws -> [String]? {
        guard let value = object[key] else { return nil }
        guard case .array(let items) = value else { throw Self.wrongType(key, "a list of strings", value) }
        return try items.enumerated().map { index, item in
            guard case .string(let text) = item else {
                throw APIError(.badRequest, code: "wrong_type", "'\(key)[\(index)]' must be a string", field: key)
            }
            return text
        }
    }
}

/// Paging parameters from the query string.
struct Paging {
    var limit: Int
    var after: String?

    init(_ request: Request) throws {
        let query = request.uri.queryParameters
        if let text = query.get("limit") {
            guard let value = Int(text), (1...200).contains(value) else {
                throw APIError(.badRequest, code: "bad_parameter", "limit must be a whole number from 1 to 200, not '\(text)'",
                               field: "limit")
            }
            limit = value
        } else {
            limit = 50
        }
        after = query.get("after").flatMap { $0.isEmpty ? nil : $0 }
        // A `next` value is base64url (or an article's id, which is of the same alphabet): anything
        // else cannot have come from a page, and is a bad parameter like any other.
        if let after, !Self.isPageMark(after) {
            throw APIError(.badRequest, code: "bad_parameter", "after must be the 'next' value of a previous page, not '\(after)'",
                           field: "after")
        }
    }

    /// Letters, digits, `-` and `_`, in a length a base64 text can have.
    static func isPageMark(_ text: String) -> Bool {
        text.utf8.count % 4 != 1 && text.utf8.allSatisfy { byte in
            (65...90).contains(byte) || (97...122).contains(byte) || (48...57).contains(byte) || byte == 45 || byte == 95
        }
    }
}

/// An instant stored as seconds, written for JSON in ISO 8601 at UTC.
func isoUTC(_ instant: Instant) -> String { isoUTC(instant.secondsSince1970) }

func isoUTC(_ seconds: Int64) -> String {
    ISO8601.format(Instant(secondsSince1970: seconds), utcOffsetSeconds: 0)
}
