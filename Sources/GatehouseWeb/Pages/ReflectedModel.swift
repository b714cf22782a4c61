import Mustache

/// A page model read once for Mustache: its stored properties by name, nested models and lists
/// read the same way. Mustache otherwise reflects a model again for every name it looks up —
/// and a name missing from a list's row is looked up again in every model around it — which
/// was half the time of the Settings and conversation pages.
///
/// Only plain structs are read this way; anything that prints itself (`CustomStringConvertible`)
/// or talks to Mustache itself is passed on as it is.
struct ReflectedModel: MustacheParent {
    /// Few enough that a search beats hashing.
    private let fields: [(name: String, value: Any?)]

    func child(named name: String) -> Any? {
        for field in fields where field.name == name { return field.value }
        return nil
    }

    /// `value` ready for Mustache: structs as `ReflectedModel`, arrays with their elements made
    /// ready, optionals unwrapped (nil stays nil), everything else as it is. (Arrays are asked
    /// for before "prints itself": every array is `CustomStringConvertible`, and a list's rows
    /// are where most lookups happen.)
    static func ready(_ value: Any) -> Any? {
        if value is String || value is Bool || value is Int || value is MustacheParent || value is MustacheLambda
            || value is MustacheCustomRenderable || value is MustacheTemplate {
            return value
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            guard let wrapped = mirror.children.first?.value else { return nil }
            return ready(wrapped)
        case .collection:
            return mirror.children.map { child -> Any in ready(child.value) ?? Optional<Any>.none as Any }
        case .struct where !(value is CustomStringConvertible):
            return ReflectedModel(fields: mirror.children.compactMap { child in
                child.label.map { ($0, ready(child.value)) }
            })
        default:
            return value
        }
    }
}
