/// A strict reader of nbformat 4 notebooks (schema 4.5): every required key with its
/// type, no keys the schema does not allow, cell ids matching `^[a-zA-Z0-9-_]+$` with
/// 1–64 characters and unique, outputs of the four kinds with their required keys,
/// MIME bundles of multi-line strings. Collects every problem rather than stopping at
/// the first, so one failing test shows them all.
struct NotebookReader {
    struct Cell {
        var type: String
        var id: String
        var source: String
        /// Output MIME bundles, joined to strings.
        var outputs: [[String: String]]
        var executionCountIsNull: Bool
    }

    private(set) var problems: [String] = []
    private(set) var cells: [Cell] = []
    private(set) var metadata: JSON = .null

    init(text: String) {
        let root: JSON
        do { root = try JSON.parse(text) } catch {
            problems.append("not JSON: \(error)")
            return
        }
        read(root)
    }

    private mutating func fail(_ m: String) { problems.append(m) }

    private mutating func keys(_ v: JSON, at path: String, required: [String], allowed: [String]) {
        guard let k = v.keys else { fail("\(path): expected an object"); return }
        for r in required where !k.contains(r) { fail("\(path): missing \"\(r)\"") }
        for x in k where !required.contains(x) && !allowed.contains(x) { fail("\(path): unexpected \"\(x)\"") }
    }

    /// A string, or a list of strings (nbformat's multiline_string), joined.
    private mutating func multiline(_ v: JSON?, at path: String) -> String {
        switch v {
        case let .string(s)?: return s
        case let .array(items)?:
            var out = ""
            for (i, item) in items.enumerated() {
                guard case let .string(s) = item else { fail("\(path)[\(i)]: expected a string"); continue }
                out += s
            }
            return out
        default:
            fail("\(path): expected a string or a list of strings")
            return ""
        }
    }

    private mutating func read(_ root: JSON) {
        keys(root, at: "notebook", required: ["metadata", "nbformat_minor", "nbformat", "cells"], allowed: [])
        if root["nbformat"] != .int(4) { fail("nbformat: expected 4") }
        if case let .int(minor)? = root["nbformat_minor"], minor >= 5 {} else { fail("nbformat_minor: expected an integer ≥ 5 (cell ids)") }
        metadata = root["metadata"] ?? .null
        if !metadata.isObject { fail("metadata: expected an object") }
        if let ks = metadata["kernelspec"] {
            keys(ks, at: "metadata.kernelspec", required: ["name", "display_name"], allowed: ["language", "env", "argv", "metadata"])
            if ks["name"]?.string == nil || ks["display_name"]?.string == nil { fail("metadata.kernelspec: name and display_name must be strings") }
        }
        if let li = metadata["language_info"] {
            guard li.isObject, li["name"]?.string != nil else { fail("metadata.language_info: expected an object with a string name"); return }
        }
        guard let cellList = root["cells"]?.array else { fail("cells: expected a list"); return }
        var seen = Set<String>()
        for (i, c) in cellList.enumerated() {
            let path = "cells[\(i)]"
            guard let type = c["cell_type"]?.string else { fail("\(path).cell_type: expected a string"); continue }
            switch type {
            case "markdown", "raw":
                keys(c, at: path, required: ["id", "cell_type", "metadata", "source"], allowed: ["attachments"])
            case "code":
                keys(c, at: path, required: ["id", "cell_type", "metadata", "source", "outputs", "execution_count"], allowed: [])
            default:
                fail("\(path).cell_type: unknown \"\(type)\"")
                continue
            }
            let id = c["id"]?.string ?? ""
            if !Self.isValidID(id) { fail("\(path).id: \"\(id)\" does not match ^[a-zA-Z0-9-_]+$ with 1–64 characters") }
            if !seen.insert(id).inserted { fail("\(path).id: \"\(id)\" is not unique") }
            if c["metadata"]?.isObject != true { fail("\(path).metadata: expected an object") }
            let source = multiline(c["source"], at: "\(path).source")
            var outputs = [[String: String]]()
            var nullCount = true
            if type == "code" {
                switch c["execution_count"] {
                case .null?: nullCount = true
                case let .int(n)? where n >= 0: nullCount = false
                default: fail("\(path).execution_count: expected null or a non-negative integer")
                }
                if let outs = c["outputs"]?.array {
                    for (j, o) in outs.enumerated() { outputs.append(readOutput(o, at: "\(path).outputs[\(j)]")) }
                } else {
                    fail("\(path).outputs: expected a list")
                }
            }
            cells.append(Cell(type: type, id: id, source: source, outputs: outputs, executionCountIsNull: nullCount))
        }
    }

    private mutating func readOutput(_ o: JSON, at path: String) -> [String: String] {
        guard let kind = o["output_type"]?.string else { fail("\(path).output_type: expected a string"); return [:] }
        switch kind {
        case "execute_result", "display_data":
            let required = kind == "display_data" ? ["output_type", "data", "metadata"] : ["output_type", "data", "metadata", "execution_count"]
            keys(o, at: path, required: required, allowed: [])
            if o["metadata"]?.isObject != true { fail("\(path).metadata: expected an object") }
            guard let data = o["data"], let mimes = data.keys else { fail("\(path).data: expected an object"); return [:] }
            var bundle = [String: String]()
            for mime in mimes {
                if !Self.isMimeType(mime) { fail("\(path).data: \"\(mime)\" is not a MIME type") }
                if mime.hasPrefix("application/") && mime.hasSuffix("json") { continue }
                bundle[mime] = multiline(data[mime], at: "\(path).data[\(mime)]")
            }
            return bundle
        case "stream":
            keys(o, at: path, required: ["output_type", "name", "text"], allowed: [])
            if o["name"]?.string == nil { fail("\(path).name: expected a string") }
            return ["text/plain": multiline(o["text"], at: "\(path).text")]
        case "error":
            keys(o, at: path, required: ["output_type", "ename", "evalue", "traceback"], allowed: [])
            return [:]
        default:
            fail("\(path).output_type: unknown \"\(kind)\"")
            return [:]
        }
    }

    static func isValidID(_ id: String) -> Bool {
        (1...64).contains(id.count) && id.unicodeScalars.allSatisfy { s in
            ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || s == "-" || s == "_"
        }
    }

    static func isMimeType(_ m: String) -> Bool {
        let parts = m.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy { s in
            s.properties.isAlphabetic && s.isASCII || ("0"..."9").contains(s) || "-+.".unicodeScalars.contains(s)
        } }
    }
}
