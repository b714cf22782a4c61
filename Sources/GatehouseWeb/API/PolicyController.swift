import Foundation
import GatehouseCore
import GatehouseDesk
import Hummingbird

/// `/api/v1/policy`: the workspace's policy, read and replaced.
struct PolicyController {

    struct PolicyJSON: Encodable {
        var workspace: String
        var name: String
        var timezone: String
        var yaml: String
        var updatedAt: String

        enum CodingKeys: String, CodingKey {
            case workspace, name, timezone, yaml
            case updatedAt = "updated_at"
        }

        init(_ workspace: Workspace) {
            self.workspace = workspace.slug
            name = workspace.name
            timezone = workspace.timeZone
            yaml = workspace.policyYAML
            updatedAt = isoUTC(workspace.updatedAt)
        }
    }

    func add(to group: RouterGroup<DeskContext>) {
        group.get("policy") { _, context in
            // Read afresh: the caller's workspace may be a second or two old (see RecentTokens),
            // and an owner who just saved the policy must see what they saved.
            guard let workspace = try await context.requireDesk().freshWorkspace() else {
                throw APIError(.notFound, code: "not_found", "the workspace no longer exists")
            }
            return try JSONResponse.make(PolicyJSON(workspace))
        }
        group.put("policy") { request, context in
            let caller = try context.requireCaller()
            guard caller.role == .owner else {
                throw APIError(.forbidden, code: "forbidden", "only the owner may change the policy")
            }
            let yaml: String
            let type = request.headers[.contentType] ?? ""
            if type.hasPrefix("application/json") {
                let body = try await JSONBody.read(request, limit: context.maxUploadSize)
                try body.allowOnly(["yaml"])
                yaml = try body.string("yaml", required: true)!
            } else {
                // YAML sent as it is (text/yaml, application/yaml or plain text).
                var request = request
                let buffer: ByteBuffer
                do {
                    buffer = try await request.collectBody(upTo: context.maxUploadSize)
                } catch {
                    throw APIError(.contentTooLarge, code: "too_large", "the policy is larger than \(context.maxUploadSize / 1024) KiB")
                }
                guard let text = String(data: Data(buffer: buffer), encoding: .utf8) else {
                    throw APIError(.badRequest, code: "not_utf8", "the policy must be UTF-8 text", field: "yaml")
                }
                yaml = text
            }
            let updated = try await context.requireDesk().savePolicy(yaml, actor: caller.actor)
            return try JSONResponse.make(PolicyJSON(updated))
        }
    }
}
