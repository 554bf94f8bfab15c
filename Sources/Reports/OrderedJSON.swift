import Foundation

/// A JSON encoder that keeps keys in the order `encode(to:)` writes them.
///
/// Foundation's JSONEncoder on Linux writes object keys in hash order unless told to sort them, and
/// the contract fixes the order of report.json's keys (a test showed the shuffle). This encoder
/// builds an ordered tree from any `Encodable` and prints it: two-space indentation, arrays of plain
/// values on one line, `/` and non-ASCII unescaped, `nil` encoded as `null`.
public enum OrderedJSON {
    /// The pretty-printed JSON of `value`, ending with a newline.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let root = Node()
        try value.encode(to: TreeEncoder(node: root, codingPath: []))
        var out = ""
        try write(root, indent: 0, into: &out, path: [])
        out += "\n"
        return Data(out.utf8)
    }

    // MARK: - Tree

    /// One JSON value being built; a class so nested containers can fill it in later.
    final class Node {
        enum Kind {
            case unset
            case null
            case bool(Bool)
            case number(String)
            case string(String)
            case array([Node])
            case object([(key: String, node: Node)])
        }

        var kind: Kind = .unset

        var isPlain: Bool {
            switch kind {
            case .array, .object: return false
            default: return true
            }
        }

        /// Turns this node into an object (keeping keys already written) and returns it.
        func becomeObject() {
            if case .object = kind { return }
            kind = .object([])
        }

        func becomeArray() {
            if case .array = kind { return }
            kind = .array([])
        }

        /// The child for `key`, replacing an earlier value of the same key in place.
        func child(forKey key: String) -> Node {
            becomeObject()
            guard case .object(var pairs) = kind else { return Node() }
            let node = Node()
            if let i = pairs.firstIndex(where: { $0.key == key }) {
                pairs[i].node = node
            } else {
                pairs.append((key, node))
            }
            kind = .object(pairs)
            return node
        }

        func appendChild() -> Node {
            becomeArray()
            guard case .array(var items) = kind else { return Node() }
            let node = Node()
            items.append(node)
            kind = .array(items)
            return node
        }

        var count: Int {
            if case .array(let items) = kind { return items.count }
            return 0
        }
    }

    // MARK: - Printing

    private static func write(_ node: Node, indent: Int, into out: inout String, path: [String]) throws {
        let pad = String(repeating: "  ", count: indent + 1)
        let closePad = String(repeating: "  ", count: indent)
        switch node.kind {
        case .unset, .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): out += quote(s)
        case .array(let items):
            if items.isEmpty {
                out += "[]"
            } else if items.allSatisfy(\.isPlain) {
                // Short arrays of plain values (a box, a page range) read best on one line.
                out += "["
                for (i, item) in items.enumerated() {
                    if i > 0 { out += ", " }
                    try write(item, indent: indent + 1, into: &out, path: path)
                }
                out += "]"
            } else {
                out += "[\n"
                for (i, item) in items.enumerated() {
                    out += pad
                    try write(item, indent: indent + 1, into: &out, path: path + ["\(i)"])
                    out += i + 1 < items.count ? ",\n" : "\n"
                }
                out += closePad + "]"
            }
        case .object(let pairs):
            if pairs.isEmpty {
                out += "{}"
                return
            }
            out += "{\n"
            for (i, pair) in pairs.enumerated() {
                out += pad + quote(pair.key) + ": "
                try write(pair.node, indent: indent + 1, into: &out, path: path + [pair.key])
                out += i + 1 < pairs.count ? ",\n" : "\n"
            }
            out += closePad + "}"
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, nothing else.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func number(_ d: Double, _ path: [any CodingKey]) throws -> String {
        guard d.isFinite else {
            throw EncodingError.invalidValue(d, .init(codingPath: path, debugDescription: "JSON has no NaN or infinity"))
        }
        // Swift prints the shortest digits that read back to the same Double (41.2, not 41.200000000000003).
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }

    // MARK: - Encoder

    private struct TreeEncoder: Encoder {
        let node: Node
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            node.becomeObject()
            return KeyedEncodingContainer(Keyed<Key>(node: node, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            node.becomeArray()
            return Unkeyed(node: node, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            Single(node: node, codingPath: codingPath)
        }
    }

    /// Stores a value into `node`: primitives directly, anything else through its own `encode(to:)`.
    private static func store<T: Encodable>(_ value: T, in node: Node, path: [any CodingKey]) throws {
        switch value {
        case let v as String: node.kind = .string(v)
        case let v as Bool: node.kind = .bool(v)
        case let v as Double: node.kind = .number(try number(v, path))
        case let v as Float: node.kind = .number(try number(Double(v), path))
        case let v as any BinaryInteger: node.kind = .number("\(v)")
        default: try value.encode(to: TreeEncoder(node: node, codingPath: path))
        }
    }

    private struct IndexKey: CodingKey {
        let intValue: Int?
        let stringValue: String
        init(_ i: Int) {
            intValue = i
            stringValue = "\(i)"
        }
        init?(stringValue: String) { return nil }
        init?(intValue: Int) { self.init(intValue) }
    }

    private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        let codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) throws { node.child(forKey: key.stringValue).kind = .null }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try OrderedJSON.store(value, in: node.child(forKey: key.stringValue), path: codingPath + [key])
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey>
        {
            let child = node.child(forKey: key.stringValue)
            child.becomeObject()
            return KeyedEncodingContainer(Keyed<NestedKey>(node: child, codingPath: codingPath + [key]))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let child = node.child(forKey: key.stringValue)
            child.becomeArray()
            return Unkeyed(node: child, codingPath: codingPath + [key])
        }
        mutating func superEncoder() -> any Encoder {
            TreeEncoder(node: node.child(forKey: "super"), codingPath: codingPath)
        }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            TreeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key])
        }
    }

    private struct Unkeyed: UnkeyedEncodingContainer {
        let node: Node
        let codingPath: [any CodingKey]
        var count: Int { node.count }

        mutating func encodeNil() throws { node.appendChild().kind = .null }
        mutating func encode<T: Encodable>(_ value: T) throws {
            let path = codingPath + [IndexKey(count)]
            try OrderedJSON.store(value, in: node.appendChild(), path: path)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
            -> KeyedEncodingContainer<NestedKey>
        {
            let path = codingPath + [IndexKey(count)]
            let child = node.appendChild()
            child.becomeObject()
            return KeyedEncodingContainer(Keyed<NestedKey>(node: child, codingPath: path))
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let path = codingPath + [IndexKey(count)]
            let child = node.appendChild()
            child.becomeArray()
            return Unkeyed(node: child, codingPath: path)
        }
        mutating func superEncoder() -> any Encoder {
            let path = codingPath + [IndexKey(count)]
            return TreeEncoder(node: node.appendChild(), codingPath: path)
        }
    }

    private struct Single: SingleValueEncodingContainer {
        let node: Node
        let codingPath: [any CodingKey]

        mutating func encodeNil() throws { node.kind = .null }
        mutating func encode<T: Encodable>(_ value: T) throws {
            try OrderedJSON.store(value, in: node, path: codingPath)
        }
    }
}
