import Foundation
import GatehouseCore
import HTTPTypes
import Hummingbird
import Logging

/// An API error as JSON: `{"error": {"code", "message", "field"?, "problems"?}}`.
public struct APIError: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    /// The request field at fault, when there is one.
    public var field: String?
    /// Line-and-column problems (an invalid policy).
    public var problems: [PolicyDiagnostic] = []

    public init(_ status: HTTPResponse.Status, code: String, _ message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    struct Body: Encodable {
        struct Problem: Encodable {
            var line: Int
            var column: Int
            var message: String
        }
        struct Details: Encodable {
            var code: String
            var message: String
            var field: String?
            var problems: [Problem]?
        }
        var error: Details
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(error: .init(code: code, message: message, field: field,
                                     problems: problems.isEmpty ? nil : problems.map {
                                         .init(line: $0.line, column: $0.column, message: $0.message)
                                     }))
        var response = try JSONResponse.make(body, status: status)
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer realm=\"gatehouse\"" }
        // A sender told to come back (a mail relay, a webhook) is told when.
        if status == .serviceUnavailable { response.headers[.retryAfter] = "60" }
        return response
    }

    /// The API form of any error a route may throw; unknown errors become a plain 500.
    static func from(_ error: any Error, logger: Logger) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as PolicyError:
            var apiError = APIError(.unprocessableContent, code: "invalid_policy",
                                    "the policy has \(error.diagnostics.count) problem\(error.diagnostics.count == 1 ? "" : "s")",
                                    field: "yaml")
            apiError.problems = error.diagnostics
            return apiError
        case let problem as any DeskProblem:
            switch problem.kind {
            case .notFound: return APIError(.notFound, code: "not_found", problem.sentence, field: problem.field)
            case .conflict: return APIError(.conflict, code: "conflict", problem.sentence)
            case .invalid: return APIError(.unprocessableContent, code: "invalid", problem.sentence, field: problem.field)
            case .unavailable:
                logger.error("database unavailable", metadata: ["error": "\(problem.sentence)"])
                return APIError(.serviceUnavailable, code: "unavailable", "the database is not available; try again shortly")
            }
        case let error as HTTPError:
            return APIError(error.status, code: "http_\(error.status.code)", error.body ?? error.status.reasonPhrase)
        default:
            logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            return APIError(.internalServerError, code: "internal", "something went wrong on our side; it has been logged")
        }
    }
}

/// Turns every error under `/api` into a JSON error response, never a stack trace.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return try APIError.from(error, logger: context.logger).response(from: request, context: context)
        }
    }
}

/// JSON encoding shared by every API response: snake_case keys, sorted, ISO 8601 dates.
extension JSONEncoder {
    /// The API's JSON: keys in alphabetical order, slashes as they are.
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONEncoder.api.encode(value)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
