// ModelSpec: the serialisable description of what to train.
// Covers: JSON with every parameter (snake_case); decoding partial parameters with
// defaults; unknown keys rejected with a did-you-mean; fitting every kind through the
// spec and predicting through the protocol; parameter validation messages.
import Foundation
import Testing
@testable import VantageModels

@Suite("ModelSpec")
struct ModelSpecTests {
    @Test func encodesEveryParameter() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(ModelSpec.defaults(for: .gbdt, seed: 7)), as: UTF8.self)
        for key in GBDTParameters.CodingKeys.allCases { #expect(json.contains("\"\(key.rawValue)\":"), "\(key)") }
        #expect(json.contains(#""kind":"gbdt""#) && json.contains(#""seed":7"#) && json.contains(#""objective":"binary""#))
        let linear = String(decoding: try encoder.encode(ModelSpec.linear(LinearParameters(c: 2))), as: UTF8.self)
        #expect(linear == #"{"kind":"linear","parameters":{"c":2,"max_iterations":100,"tolerance":1e-12}}"#)
    }

    @Test func decodesWithDefaultsAndRoundTrips() throws {
        let spec = try JSONDecoder().decode(
            ModelSpec.self, from: Data(#"{"kind":"gbdt","parameters":{"num_leaves":15,"objective":"regression"}}"#.utf8))
        #expect(spec == .gbdt(GBDTParameters(objective: .regression, numLeaves: 15)))
        #expect(try JSONDecoder().decode(ModelSpec.self, from: Data(#"{"kind":"logistic"}"#.utf8)) == .logistic(LinearParameters()))
        for kind in ModelKind.allCases {
            let original = ModelSpec.defaults(for: kind, seed: 3)
            #expect(try JSONDecoder().decode(ModelSpec.self, from: JSONEncoder().encode(original)) == original)
        }
    }

    @Test func unknownKeysAreRejected() throws {
        do {
            _ = try JSONDecoder().decode(ModelSpec.self, from: Data(#"{"kind":"gbdt","parameters":{"num_leafs":15}}"#.utf8))
            Issue.record("decoding should fail")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription.hasPrefix("unknown key 'num_leafs' (did you mean 'num_leaves'?)"))
            #expect(context.codingPath.map(\.stringValue) == ["parameters", "num_leafs"])
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ModelSpec.self, from: Data(#"{"kind":"forest"}"#.utf8))
        }
    }

    @Test(arguments: ModelKind.allCases)
    func fitsThroughSpec(kind: ModelKind) throws {
        let (matrix, labels) = try TestData.logistic(rows: 1000, coefficients: [1.5, -1], bias: 0, seed: 1)
        let spec = ModelSpec.defaults(for: kind, regression: kind == .linear)
        let model = try spec.fit(train: matrix.allRows, labels: labels)
        #expect(model.spec == spec && model.featureNames == ["x0", "x1"])
        let p = try model.predict(matrix)
        #expect(p.count == 1000)
        #expect(try Metric.rocAUC.evaluate(labels: labels, predictions: p) > 0.75)
        #expect(model.featureImportance.count >= 2)
        #expect(spec.isBinary == (kind != .linear))
    }

    @Test func parameterValidationMessages() {
        let error = ModelError.invalidParameter(name: "bagging_fraction", value: "0.0", expected: "a fraction in (0, 1]")
        #expect(throws: error) { try GBDTParameters(baggingFraction: 0).validate() }
        #expect(error.description == "parameter bagging_fraction = 0.0: expected a fraction in (0, 1]")
        #expect(throws: ModelError.self) { try GBDTParameters(maxBins: 256).validate() }
        #expect(throws: ModelError.self) { try LinearParameters(maxIterations: 0).validate() }
    }
}
