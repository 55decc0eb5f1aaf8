import Foundation

extension Manifest {
    /// A manifest for a run made outside this module (`vantage skew`), stamped now: the
    /// memberwise initialiser is internal.
    public static func now(command: String, spec: Spec, inputs: [InputRecord], levels: [String],
                           viewLevels: [String: String]?, timingsSeconds: [String: Double]) -> Manifest {
        Manifest(command: command, createdAt: Timestamp.format(Int64(Date().timeIntervalSince1970 * 1e6)),
                 spec: specRecord(spec), inputs: inputs, levels: levels, viewLevels: viewLevels, outputs: [],
                 timingsSeconds: timingsSeconds)
    }
}
