import GatehouseDesk
import Hummingbird
import Foundation

extension CustomerData.Export {
    /// The zip as a download, for the owner's page and the API alike: never cached on the way.
    var download: Response {
        Response(status: .ok, headers: [
            .contentType: "application/zip",
            .contentDisposition: "attachment; filename=\"\(fileName)\"",
            .cacheControl: "no-store",
        ], body: .init(byteBuffer: ByteBuffer(data: zip)))
    }
}
