import Foundation

/// A form's fields, as `application/x-www-form-urlencoded` or, for a form with a file,
/// `multipart/form-data` (the file's text kept by its field name).
struct FormFields {
    private var values: [String: String] = [:]
    private var lists: [String: [String]] = [:]
    private var files: [String: String] = [:]

    /// A form's body as sent with `contentType`.
    static func parse(_ body: String, contentType type: String) -> FormFields {
        if type.lowercased().hasPrefix("multipart/form-data"), let boundary = Self.boundary(type) {
            return multipart(body, boundary: boundary)
        }
        var fields = FormFields()
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            fields.add(decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
        return fields
    }

    /// Every field with each of its values (a provider's signature covers them all).
    var allPairs: [(name: String, value: String)] {
        lists.flatMap { name, values in values.map { (name, $0) } }
    }

    private mutating func add(_ key: String, _ value: String) {
        values[key] = value
        lists[key, default: []].append(value)
    }

    private static func decode(_ text: Substring) -> String {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
    }

    /// The `boundary` parameter of a multipart content type.
    static func boundary(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            let value = pair[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// The parts of a `multipart/form-data` body (RFC 7578): fields as values, files as text.
    static func multipart(_ body: String, boundary: String) -> FormFields {
        var fields = FormFields()
        for part in body.components(separatedBy: "--" + boundary).dropFirst() {
            if part.hasPrefix("--") { break }
            guard let split = part.range(of: "\r\n\r\n") ?? part.range(of: "\n\n") else { continue }
            let head = part[..<split.lowerBound]
            var content = String(part[split.upperBound...])
            if content.hasSuffix("\r\n") { content.removeLast() } else if content.hasSuffix("\n") { content.removeLast() }
            var name: String?
            var isFile = false
            for line in head.split(whereSeparator: \.isNewline) where line.lowercased().hasPrefix("content-disposition:") {
                name = parameter("name", in: line)
                isFile = parameter("filename", in: line) != nil
            }
            guard let name else { continue }
            if isFile {
                if !content.isEmpty { fields.files[name] = content }
            } else {
                fields.add(name, content)
            }
        }
        return fields
    }

    /// A quoted parameter of a header line: `name="closures"`.
    private static func parameter(_ key: String, in line: Substring) -> String? {
        for piece in line.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            return pair[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }

    subscript(_ key: String) -> String { values[key]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }

    /// Every value sent under `key` (ticked checkboxes of one name), trimmed, empty ones left out.
    func all(_ key: String) -> [String] {
        (lists[key] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// Whether the field was sent at all (even empty).
    func has(_ key: String) -> Bool { values[key] != nil }

    /// A password exactly as typed (no trimming).
    func raw(_ key: String) -> String { values[key] ?? "" }

    /// Replaces a field's value (a file's content folded into a typed field).
    mutating func set(_ key: String, _ value: String) {
        values[key] = value
        lists[key] = [value]
    }

    /// The text of a file sent under `key`, or nil when none was chosen.
    func file(_ key: String) -> String? { files[key] }
}
