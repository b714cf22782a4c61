import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// Renders the desk's HTML pages from the Mustache templates shipped as resources.
/// Every value is HTML-escaped by Mustache's `{{ }}`.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Loads the templates bundled with GatehouseWeb.
    public static func load() async throws -> PageRenderer {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw PageError.templatesMissing
        }
        return PageRenderer(library: try await MustacheLibrary(directory: folder.path))
    }

    enum PageError: Error { case templatesMissing }

    /// The page `template` filled from a typed model, as an HTML response with safe headers.
    /// A capability page (a status, agreement, change-order or alert link: whoever has the address
    /// may see it) tells the browser to send its address nowhere, not even to this desk's own pages.
    func page<Model>(_ template: String, _ model: Model, status: HTTPResponse.Status = .ok, capability: Bool = false) -> Response {
        page(template, rendering: model, status: status, capability: capability)
    }

    private func page(_ template: String, rendering values: Any, status: HTTPResponse.Status, capability: Bool = false) -> Response {
        let html = library.render(ReflectedModel.ready(values) as Any, withTemplate: template)
            ?? "<!doctype html><title>Gatehouse</title><p>Page missing."
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8",
            .cacheControl: "no-store",
        ]
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = capability ? "no-referrer" : "same-origin"
        headers[HTTPField.Name("Content-Security-Policy")!] =
            "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A clear page for an error.
    func errorPage(_ status: HTTPResponse.Status, heading: String, message: String,
                   link: (href: String, text: String)? = nil) -> Response {
        page("error", ErrorPage(title: heading, heading: heading, message: message,
                                link: link.map { ErrorPage.Link(href: $0.href, text: $0.text) }), status: status)
    }
}

/// The example policies a new desk can start from.
public enum ExamplePolicies {
    public struct Example: Sendable {
        public var id: String
        public var label: String
        public var yaml: String
    }

    /// Every example shipped with Gatehouse.
    public static func all() -> [Example] {
        let labels = [
            "plumber-chicago": "A trade business with an urgent phone line (plumber, Chicago)",
            "designer-berlin": "A freelancer who answers twice a day (designer, Berlin)",
            "it-support-sydney": "A support firm with an overnight on-call shift (IT support, Sydney)",
        ]
        guard let folder = Bundle.module.url(forResource: "Examples", withExtension: nil),
              let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return [] }
        return files.filter { $0.hasSuffix(".yml") }.sorted().compactMap { file in
            let id = String(file.dropLast(4))
            guard let yaml = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8) else { return nil }
            return Example(id: id, label: labels[id] ?? id, yaml: yaml)
        }
    }
}

/// A page that says what went wrong and, where it helps, where to go next.
struct ErrorPage: Equatable {
    struct Link: Equatable { var href, text: String }
    var title, heading, message: String
    var link: Link?
}
