import Foundation
import Yams

/// Decodes `spec.yaml` (version 1) with errors that name the coding path and the line
/// (`views[1].ttl: expected a duration like 3d, got "3 days"`). Unknown keys are errors
/// with a did-you-mean; a missing `version` means 1, a newer one is refused.
public enum SpecDecoder {
    public static func load(path: String) throws(VantageError) -> Spec {
        let bytes = try FileBytes.read(path: path)
        let text = String(decoding: bytes, as: UTF8.self)
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try decode(text: text, path: path, baseDirectory: base)
    }

    public static func decode(text: String, path: String, baseDirectory: String) throws(VantageError) -> Spec {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw .spec(path: "", message: "\(path) is not valid YAML: \(error)")
        }
        guard let root, let top = root.mapping else {
            throw .spec(path: "", message: "\(path): expected a mapping with version, spine, views and freshness")
        }
        var r = SpecReader(base: baseDirectory)
        return try r.spec(top, text: text, path: path)
    }
}
