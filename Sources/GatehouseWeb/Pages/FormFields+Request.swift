import Foundation
import Hummingbird
import NIOCore

extension FormFields {
    /// The fields of a request's form, its body read up to `limit` bytes.
    static func read(_ request: Request, limit: Int = 64 * 1024) async throws -> FormFields {
        var request = request
        let buffer = try await request.collectBody(upTo: limit)
        return parse(String(buffer: buffer), contentType: request.headers[.contentType] ?? "")
    }
}
