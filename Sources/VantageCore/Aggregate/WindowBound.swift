/// A window reduced to plain integers for the scan.
struct WindowBound {
    /// 0 lifetime, 1 fixed micros, 2 months.
    let kind: Int
    let amount: Int64

    init(_ w: Window) {
        switch w {
        case .lifetime: kind = 0; amount = 0
        case let .duration(d):
            switch d.length {
            case let .micros(v): kind = 1; amount = v
            case let .months(n): kind = 2; amount = n
            }
        }
    }

    @inline(__always)
    func start(for a: Int64) -> Int64 {
        kind == 1 ? a &- amount : MonthArithmetic.addMonths(-amount, to: a)
    }
}
