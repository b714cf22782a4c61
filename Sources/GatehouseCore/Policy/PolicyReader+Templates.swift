import Yams

extension PolicyReader {
    mutating func readTemplates(_ node: Node) -> [TemplateName: ReplyTemplate] {
        if isNull(node) { return [:] }
        guard let entries = mapping(node, "templates") else { return [:] }
        let names = TemplateName.allCases.map(\.rawValue)
        let keys = checkKeys(entries, allowed: names, in: "templates")
        var templates: [TemplateName: ReplyTemplate] = [:]
        for (name, entry) in keys {
            guard case .scalar(let scalar) = entry.value else {
                error(entry.value, "templates.\(name) must be text, not \(kind(of: entry.value))")
                continue
            }
            guard text(entry.value, "templates.\(name)") != nil else { continue }
            let (template, problems) = ReplyTemplate.parse(scalar.string)
            for problem in problems {
                let place = position(of: problem, in: entry.value, style: scalar.style)
                error(line: place.line, column: place.column, "templates.\(name): \(problem.message)")
            }
            if problems.isEmpty { templates[TemplateName(rawValue: name)!] = template }
        }
        return templates
    }

    /// Where a problem inside a template's text stands in the file.
    private func position(of problem: ReplyTemplate.Problem, in node: Node,
                          style: Node.Scalar.Style) -> (line: Int, column: Int) {
        let markLine = node.mark?.line ?? 1
        let markColumn = node.mark?.column ?? 1
        switch style {
        case .literal, .folded:
            // Block text starts on the line after the indicator; find its indentation there.
            let line = markLine + problem.line
            guard line - 1 < sourceLines.count else { return (markLine, markColumn) }
            let indentation = sourceLines[line - 1].prefix(while: { $0 == " " }).count
            return (line, indentation + problem.column)
        case .singleQuoted, .doubleQuoted:
            return problem.line == 1 ? (markLine, markColumn + problem.column) : (markLine + problem.line - 1, problem.column)
        default:
            return problem.line == 1 ? (markLine, markColumn + problem.column - 1) : (markLine + problem.line - 1, problem.column)
        }
    }
}
