/// Money as the value model counts it (no currency: the spec's unit), whole units with
/// thousands separators.
enum Money {
    static func signed(_ x: Double) -> String { NumberText.signed(x, 0, grouped: true) }
    static func plain(_ x: Double) -> String { NumberText.fixed(x, 0, grouped: true) }
    static func interval(_ ci: [Double]) -> String { NumberText.interval(ci, 0, signed: true, grouped: true) }
}
