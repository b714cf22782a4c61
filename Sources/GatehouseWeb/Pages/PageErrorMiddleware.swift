import GatehouseCore
import HTTPTypes
import Hummingbird
import Logging

/// Every error outside the API becomes a clear page, never a stack trace or a bare status.
struct PageErrorMiddleware: RouterMiddleware {
    let pages: PageRenderer

    func handle(_ request: Request, context: DeskContext,
                next: (Request, DeskContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch where request.uri.path.hasPrefix("/api/") || request.uri.path.hasPrefix("/inbound/") {
            // Paths under /api and /inbound that match no route still answer in JSON.
            return try APIError.from(error, logger: context.logger).response(from: request, context: context)
        } catch let error as HTTPError {
            switch error.status {
            case .notFound:
                return pages.errorPage(.notFound, heading: "Page not found",
                                       message: "There is nothing at this address. It may have moved, or the link may be incomplete.",
                                       link: ("/", "Go to your desk"))
            case .contentTooLarge:
                return pages.errorPage(.contentTooLarge, heading: "That was too much",
                                       message: "The form sent more data than a page accepts.", link: ("/", "Go to your desk"))
            case .methodNotAllowed:
                return pages.errorPage(.methodNotAllowed, heading: "Not here",
                                       message: "This address does not accept that kind of request.", link: ("/", "Go to your desk"))
            default:
                return pages.errorPage(error.status, heading: error.status.reasonPhrase,
                                       message: error.body ?? "The request could not be handled.", link: ("/", "Go to your desk"))
            }
        } catch let error as StoreError where error.code == .unreachable {
            context.logger.error("database unavailable", metadata: ["error": "\(error.message)"])
            return pages.errorPage(.serviceUnavailable, heading: "Back in a moment",
                                   message: "The desk cannot reach its database right now. Please try again shortly.")
        } catch {
            context.logger.error("unexpected error on a page", metadata: ["error": "\(String(reflecting: error))"])
            return pages.errorPage(.internalServerError, heading: "Something went wrong",
                                   message: "It has been logged. Please try again, or go back to your desk.",
                                   link: ("/", "Go to your desk"))
        }
    }
}
