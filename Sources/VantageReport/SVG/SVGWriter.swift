/// A minimal SVG writer: elements appended as text with coordinates in fixed one-decimal
/// format and every string escaped, so charts are deterministic, well-formed XML and
/// safe to inline in HTML. No ids are written, so several charts can share one page.
struct SVGWriter {
    let width: Double
    /// Grows when a legend wraps onto more rows than planned.
    var height: Double
    private var body: [String] = []

    static let font = "-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"
    /// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
    static let palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
    static func colour(_ i: Int) -> String { palette[i % palette.count] }

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    private static func n(_ x: Double) -> String { NumberText.coordinate(x) }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#333",
                       width: Double = 1, dash: String? = nil) {
        var s = "<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\""
        if let dash { s += " stroke-dasharray=\"\(dash)\"" }
        body.append(s + "/>")
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String? = nil,
                       opacity: Double? = nil) {
        var s = "<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(max(0, w)))\" height=\"\(Self.n(max(0, h)))\" fill=\"\(fill)\""
        if let stroke { s += " stroke=\"\(stroke)\"" }
        if let opacity { s += " fill-opacity=\"\(Self.n(opacity))\"" }
        body.append(s + "/>")
    }

    mutating func circle(_ cx: Double, _ cy: Double, r: Double, fill: String, stroke: String = "#fff") {
        body.append("<circle cx=\"\(Self.n(cx))\" cy=\"\(Self.n(cy))\" r=\"\(Self.n(r))\" fill=\"\(fill)\" stroke=\"\(stroke)\"/>")
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2, dash: String? = nil) {
        guard points.count > 1 else { return }
        let pts = points.map { Self.n($0.0) + "," + Self.n($0.1) }.joined(separator: " ")
        var s = "<polyline points=\"\(pts)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\""
        if let dash { s += " stroke-dasharray=\"\(dash)\"" }
        body.append(s + "/>")
    }

    enum Anchor: String { case start, middle, end }

    /// Text at a point; `rotate` in degrees about that point.
    mutating func text(_ x: Double, _ y: Double, _ string: String, anchor: Anchor = .start, size: Double = 12,
                       bold: Bool = false, fill: String = "#222", rotate: Double? = nil) {
        var s = "<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" font-size=\"\(Self.n(size))\" text-anchor=\"\(anchor.rawValue)\" fill=\"\(fill)\""
        if bold { s += " font-weight=\"bold\"" }
        if let rotate { s += " transform=\"rotate(\(Self.n(rotate)) \(Self.n(x)) \(Self.n(y)))\"" }
        body.append(s + ">" + Escape.html(string) + "</text>")
    }

    /// An error bar from `y1` to `y2` at `x` (vertical), with caps.
    mutating func verticalErrorBar(x: Double, y1: Double, y2: Double, stroke: String, cap: Double = 4) {
        line(x, y1, x, y2, stroke: stroke, width: 1.5)
        line(x - cap, y1, x + cap, y1, stroke: stroke, width: 1.5)
        line(x - cap, y2, x + cap, y2, stroke: stroke, width: 1.5)
    }

    /// An error bar from `x1` to `x2` at `y` (horizontal), with caps.
    mutating func horizontalErrorBar(y: Double, x1: Double, x2: Double, stroke: String, cap: Double = 4) {
        line(x1, y, x2, y, stroke: stroke, width: 1.5)
        line(x1, y - cap, x1, y + cap, stroke: stroke, width: 1.5)
        line(x2, y - cap, x2, y + cap, stroke: stroke, width: 1.5)
    }

    /// The chart as a standalone document (with the XML declaration when `standalone`,
    /// without it for inlining in HTML or a notebook output). `title` and `summary`
    /// are what screen readers announce.
    func document(title: String, summary: String, standalone: Bool) -> String {
        var out = standalone ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" : ""
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" "
            + "viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" role=\"img\" font-family=\"\(Escape.html(Self.font))\">\n"
        out += "<title>\(Escape.html(title))</title>\n<desc>\(Escape.html(summary))</desc>\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" fill=\"#ffffff\"/>\n"
        for element in body { out += element + "\n" }
        return out + "</svg>\n"
    }
}
