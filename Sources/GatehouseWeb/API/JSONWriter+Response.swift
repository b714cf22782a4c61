import GatehouseCore
import Hummingbird
import NIOCore

extension JSONWriter {
    /// The written JSON as a response.
    func response(status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
