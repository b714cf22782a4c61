import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// The stylesheet and script of the owner's app, served from memory under `/assets/`.
///
/// Pages ask for them with `?v=VERSION`, a digest of their contents, so browsers may keep them
/// for a year and still never use an old copy after an upgrade.
enum DeskAssets {
    struct Asset: Sendable {
        var bytes: ByteBuffer
        var contentType: String
    }

    static let files: [String: Asset] = {
        guard let folder = Bundle.module.url(forResource: "Assets", withExtension: nil),
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return [:] }
        let types = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml"]
        var files: [String: Asset] = [:]
        for name in names {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path),
                  let type = types[(name as NSString).pathExtension] else { continue }
            files[name] = Asset(bytes: ByteBuffer(bytes: data), contentType: type)
        }
        return files
    }()

    /// A short digest of every asset together.
    static let version: String = {
        var hash = SHA256()
        for name in files.keys.sorted() {
            hash.update(data: Data(name.utf8))
            hash.update(data: Data(files[name]!.bytes.readableBytesView))
        }
        return hash.finalize().prefix(6).map { String(format: "%02x", $0) }.joined()
    }()

    static func add(to router: Router<DeskContext>) {
        router.get("assets/:name") { request, context -> Response in
            guard let name = context.parameters.get("name"), let asset = files[name] else {
                return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: "No such file.\n")))
            }
            var headers: HTTPFields = [.contentType: asset.contentType]
            let versioned = request.uri.queryParameters.get("v") == version
            headers[.cacheControl] = versioned ? "public, max-age=31536000, immutable" : "no-cache"
            headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.bytes))
        }
    }
}
