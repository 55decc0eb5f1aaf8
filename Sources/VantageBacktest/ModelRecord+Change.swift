extension ModelRecord {
    /// How the model of `other` differs from this one, in words, or nil when it is the
    /// same model with the same parameters: a run comparison that does not say the models
    /// differ would credit a change of model to the data.
    public func change(to other: ModelRecord) -> String? {
        if name != other.name { return "the model changed: \(name) → \(other.name)" }
        let keys = Set(parameters.keys).union(other.parameters.keys).sorted()
        let changed = keys.filter { parameters[$0] != other.parameters[$0] }.map {
            "\($0) \(parameters[$0]?.description ?? "-") → \(other.parameters[$0]?.description ?? "-")"
        }
        return changed.isEmpty ? nil : "the \(name) parameters changed: " + changed.joined(separator: ", ")
    }

    /// "gbdt (num_rounds 300, learning_rate 0.05, …)": the model and every parameter.
    public var summary: String {
        name + (parameters.isEmpty ? "" : " (" + parameters.keys.sorted().map { "\($0) \(parameters[$0]?.description ?? "")" }.joined(separator: ", ") + ")")
    }
}
