import GatehouseCore

extension DeskProblem {
    /// The message beside the form field it is about. `fields` maps the problem's field names
    /// (the API's) to the form's (nil: every name is the form's own). A problem naming no field,
    /// or one the form does not have, goes under "other", whole.
    func formProblems(fields: [String: String]? = nil) -> [String: String] {
        guard let field, let formField = fields.map({ $0[field] }) ?? field else { return ["other": sentence] }
        return [formField: detail]
    }
}
