import Foundation

/// The parts every chart shares: the plot area, axes with tick labels and a titled
/// unit, the level marks along a freshness axis, and a legend. One place, so all
/// charts look alike.
struct ChartFrame {
    let left: Double, top: Double, right: Double, bottom: Double

    var width: Double { right - left }
    var height: Double { bottom - top }

    /// Chart title at the top left of the picture.
    func title(_ svg: inout SVGWriter, _ text: String) {
        svg.text(16, 24, text, size: 15, bold: true)
    }

    /// A linear y axis with grid lines, tick labels and a rotated axis title.
    /// `format` writes a tick value (default: the scale's decimals).
    func yAxis(_ svg: inout SVGWriter, _ scale: LinearScale, label: String, format: ((Double) -> String)? = nil) {
        for t in scale.ticks {
            let y = scale(t)
            svg.line(left, y, right, y, stroke: "#e3e3e3")
            svg.text(left - 6, y + 4, format?(t) ?? NumberText.fixed(t, scale.decimals), anchor: .end, size: 11)
        }
        svg.line(left, top, left, bottom, stroke: "#333")
        svg.text(left - 48, (top + bottom) / 2, label, anchor: .middle, size: 12, rotate: -90)
    }

    /// A linear x axis (for uplifts and importances) with grid lines and a title.
    func xAxis(_ svg: inout SVGWriter, _ scale: LinearScale, label: String, signed: Bool) {
        for t in scale.ticks {
            let x = scale(t)
            svg.line(x, top, x, bottom, stroke: "#e3e3e3")
            svg.text(x, bottom + 16, signed ? NumberText.signed(t, scale.decimals) : NumberText.fixed(t, scale.decimals),
                     anchor: .middle, size: 11)
        }
        svg.line(left, bottom, right, bottom, stroke: "#333")
        svg.text((left + right) / 2, bottom + 36, label, anchor: .middle, size: 12)
    }

    /// A log time axis: grid lines at 1 s, 1 min, 1 h, 1 d, 1 w, 1 mo, …; the left end
    /// labelled `leftLabel` (realtime, or "≤1 s" for ages).
    func timeAxis(_ svg: inout SVGWriter, _ scale: LogScale, label: String, leftLabel: String) {
        svg.line(left, bottom, right, bottom, stroke: "#333")
        for (t, name) in TimeText.ticks(from: scale.lo, to: scale.hi) {
            let x = scale(t)
            svg.line(x, top, x, bottom, stroke: "#e3e3e3")
            svg.line(x, bottom, x, bottom + 4, stroke: "#333")
            svg.text(x, bottom + 16, t <= scale.lo * 1.001 ? leftLabel : name, anchor: .middle, size: 11)
        }
        if TimeText.ticks(from: scale.lo, to: scale.lo).isEmpty {
            svg.line(scale(scale.lo), bottom, scale(scale.lo), bottom + 4, stroke: "#333")
            svg.text(scale(scale.lo), bottom + 16, leftLabel, anchor: .middle, size: 11)
        }
        svg.text((left + right) / 2, bottom + 36, label, anchor: .middle, size: 12)
    }

    /// Level names above the plot at their place on a freshness axis, slanted so close
    /// levels (12 h and 1 d) stay legible. Each name ends at its mark and runs up and to
    /// the left, so none can run off the right edge (`cadence-1mo` stays whole); names
    /// closer than one line apart are moved left, with a leader to their mark, so none
    /// overlap; and none starts left of the picture.
    func levelMarks(_ svg: inout SVGWriter, _ scale: LogScale, levels: [(String, Double)]) {
        let angle = 35.0 * Double.pi / 180
        // Parallel slanted names `gap` px apart horizontally are one line (12 px) apart.
        let gap = 12 / sin(angle)
        var placed = [Double]()
        let ordered = levels.map { (name: $0.0, x: scale($0.1)) }.sorted { $0.x > $1.x }
        for (i, l) in ordered.enumerated() {
            let width = TextBox.width(l.name, size: 10.5)
            var x = l.x
            if i > 0 { x = min(x, placed[i - 1] - gap) }
            x = max(x, width * cos(angle) + 2)
            placed.append(x)
            svg.line(l.x, top - 4, l.x, top, stroke: "#333")
            if x != l.x { svg.line(l.x, top - 4, x, top - 6, stroke: "#999") }
            svg.text(x - 1, top - 7, l.name, anchor: .end, size: 10.5, fill: "#444", rotate: 35)
        }
    }

    /// A legend of coloured swatches in rows from `y`, wrapping at the plot's right
    /// edge; returns the y below the last row (text width is estimated, not measured).
    @discardableResult
    func legend(_ svg: inout SVGWriter, _ items: [(colour: String, label: String)], y: Double) -> Double {
        var x = left, y = y
        for item in items {
            let w = 16 + TextBox.width(item.label, size: 11) + 18
            if x > left && x + w > right {
                x = left
                y += 18
            }
            svg.rect(x, y - 9, 12, 12, fill: item.colour)
            svg.text(x + 16, y + 1, item.label, size: 11)
            x += w
        }
        return y + 18
    }
}

/// A conservative estimate of a text's width in a sans-serif font (no font metrics in
/// a library that writes SVG as text): wide enough for capitals and digits, so boxes
/// computed from it contain the drawn text.
enum TextBox {
    static func width(_ text: String, size: Double) -> Double { Double(text.count) * size * 0.62 }
}
