/// A coding key for any string, used to list the keys actually present in a container.
struct AnyCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?
    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }
    init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// Throws a `DecodingError` naming the first key of `decoder`'s object that is not in
/// `known`, with a did-you-mean suggestion.
///
/// Why: parameters come from hand-written spec files; a misspelt `num_leafs` must fail
/// loudly instead of silently training with the default.
func rejectUnknownKeys(in decoder: any Decoder, known: [String]) throws {
    let container = try decoder.container(keyedBy: AnyCodingKey.self)
    for key in container.allKeys where !known.contains(key.stringValue) {
        var message = "unknown key '\(key.stringValue)'"
        if let near = closestName(to: key.stringValue, among: known) { message += " (did you mean '\(near)'?)" }
        message += "; known keys: \(known.joined(separator: ", "))"
        throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: message)
    }
}

extension KeyedDecodingContainer {
    /// The value for `key`, or `defaultValue` when the key is absent.
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key, default defaultValue: T) throws -> T {
        try decodeIfPresent(type, forKey: key) ?? defaultValue
    }
}
