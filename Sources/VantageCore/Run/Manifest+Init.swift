/// Public initialisers for other engines (the Spark runner) that finish a sweep folder
/// exactly as `SweepRun` does.
extension Manifest {
    public init(command: String, createdAt: String, spec: SpecRecord, inputs: [InputRecord], levels: [String],
                viewLevels: [String: String]?, outputs: [OutputRecord], timingsSeconds: [String: Double]) {
        self.command = command
        self.createdAt = createdAt
        self.spec = spec
        self.inputs = inputs
        self.levels = levels
        self.viewLevels = viewLevels
        self.outputs = outputs
        self.timingsSeconds = timingsSeconds
    }
}

extension Manifest.OutputRecord {
    /// The memberwise initialiser, public (it cannot be redeclared under its own name).
    public static func record(level: String, path: String, rows: Int, columns: Int) -> Self {
        Self(level: level, path: path, rows: rows, columns: columns)
    }
}
