import GatehouseStore

extension StoreError {
    /// The message beside the form field it is about. A store message that names its field reads
    /// "field: what is wrong"; `fields` maps the store's names to the form's (nil: any name is
    /// the form's own). A message naming no field, or one the form does not have, goes under "other".
    func formProblems(fields: [String: String]? = nil) -> [String: String] {
        if let colon = message.firstIndex(of: ":") {
            let name = String(message[..<colon])
            if let field = fields.map({ $0[name] }) ?? name {
                return [field: String(message[message.index(after: colon)...]).trimmingCharacters(in: .whitespaces)]
            }
        }
        return ["other": message]
    }
}
