/// A value seen by a template: the dynamic counterpart of the Go values that
/// `text/template` reaches through reflection.
///
/// Only the shapes Prometheus and Alertmanager hand to templates exist: Go's basic kinds,
/// `[]T`, `map[string]T`, and objects (structs, pointers, named slices or maps with methods)
/// that expose their fields and methods through `TemplateObject`.
public indirect enum TemplateValue: Sendable {
    /// Go's invalid `reflect.Value` (a missing field, an unset interface): prints `<no value>`.
    case missing
    /// A nil pointer, slice, map or interface: prints `<nil>`.
    case null
    case bool(Bool)
    /// Go `int` (64 bits).
    case int(Int64)
    /// Go `uint64`.
    case uint(UInt64)
    /// Go `float64`.
    case float(Double)
    case string(String)
    /// `html/template.HTML`, returned by `safeHtml`: printed verbatim, not a `string` for
    /// function parameters (as in Go, where it is a distinct named type).
    case html(String)
    /// A Go slice; `elementType` names the element type in error messages.
    case list([TemplateValue], elementType: String = "interface {}")
    /// A Go map with string keys, ranged over in key order.
    case map(TemplateMap)
    /// A struct, pointer or named type with methods.
    case object(any TemplateObject)

    /// A `map[string]string`, the shape of label sets and annotations.
    public static func stringMap(_ entries: [String: String]) -> TemplateValue {
        .map(TemplateMap(entries.mapValues { .string($0) }, elementType: "string"))
    }

    /// A `[]string`.
    public static func strings(_ items: [String]) -> TemplateValue {
        .list(items.map { .string($0) }, elementType: "string")
    }

    /// The Go type name used in error messages (`float64`, `map[string]string`, …).
    public var typeName: String {
        switch self {
        case .missing: return "<invalid reflect.Value>"
        case .null: return "<nil>"
        case .bool: return "bool"
        case .int: return "int"
        case .uint: return "uint64"
        case .float: return "float64"
        case .string: return "string"
        case .html: return "template.HTML"
        case .list(_, let element): return "[]" + element
        case .map(let map): return "map[string]" + map.elementType
        case .object(let object): return object.typeName
        }
    }

    /// Go's notion of truth for `if`, `with`, `and`, `or` and `not`: the zero value of its
    /// type, an empty collection or string, and nil are false; structs are always true.
    public var isTrue: Bool {
        switch self {
        case .missing, .null: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .uint(let u): return u != 0
        case .float(let f): return f != 0
        case .string(let s), .html(let s): return !s.isEmpty
        case .list(let items, _): return !items.isEmpty
        case .map(let map): return !map.entries.isEmpty
        case .object(let object):
            if object.isNil { return false }
            if let elements = object.elements { return !elements.isEmpty }
            if let map = object.mapValue { return !map.entries.isEmpty }
            return true
        }
    }

    /// The string inside `.string`, or nil.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The elements when the value is a slice (or an object that is one), else nil.
    var elements: [TemplateValue]? {
        switch self {
        case .list(let items, _): return items
        case .object(let object): return object.elements
        default: return nil
        }
    }

    /// The entries when the value is a map (or an object that is one), else nil.
    var mapValue: TemplateMap? {
        switch self {
        case .map(let map): return map
        case .object(let object): return object.mapValue
        default: return nil
        }
    }
}

/// A Go map with string keys. `zero` is what a missing key yields under
/// `missingkey=zero`, the option Prometheus and Alertmanager set.
public struct TemplateMap: Sendable {
    public var entries: [String: TemplateValue]
    /// The element type's name, for error messages.
    public var elementType: String
    /// The element type's zero value.
    public var zero: TemplateValue

    public init(_ entries: [String: TemplateValue], elementType: String = "interface {}", zero: TemplateValue? = nil) {
        self.entries = entries
        self.elementType = elementType
        // A missing interface{} element digs down to an invalid value (`<no value>`).
        self.zero = zero ?? (elementType == "string" ? .string("") : .missing)
    }

    /// Keys in Go's `fmtsort` order (byte-wise for strings), as `range` and printing use.
    public var sortedKeys: [String] {
        entries.keys.sorted { $0.utf8Precedes($1) }
    }
}

/// A struct, pointer or named type seen by a template. Fields and methods are looked up by
/// name; a method comes first, then a field, then (for map-like objects) a map key, as Go's
/// `evalField` does.
public protocol TemplateObject: Sendable {
    /// The Go type name for error messages, e.g. `*template.sample`.
    var typeName: String { get }
    /// The exported field `name`, or nil when there is none.
    func field(_ name: String) -> TemplateValue?
    /// The method `name` bound to this receiver, or nil when there is none.
    func method(_ name: String) -> TemplateFunction?
    /// What `fmt` prints: the `String()` method's result; nil when the type has none.
    var stringer: String? { get }
    /// The elements when the type is a named slice, else nil.
    var elements: [TemplateValue]? { get }
    /// The entries when the type is a named map, else nil.
    var mapValue: TemplateMap? { get }
    /// Whether this is a nil pointer.
    var isNil: Bool { get }
    /// How `fmt` prints the value when it has no `String()` method (`{a b}` for structs).
    var plainDescription: String { get }
}

extension TemplateObject {
    public func field(_ name: String) -> TemplateValue? { nil }
    public func method(_ name: String) -> TemplateFunction? { nil }
    public var stringer: String? { nil }
    public var elements: [TemplateValue]? { nil }
    public var mapValue: TemplateMap? { nil }
    public var isNil: Bool { false }
    public var plainDescription: String { "{}" }
}
