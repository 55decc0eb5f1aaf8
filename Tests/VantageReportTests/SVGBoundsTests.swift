import Foundation
import Testing
import VantageBacktest
@testable import VantageReport

/// No chart text leaves its picture: the box of every `<text>` (width estimated
/// generously for a sans-serif font, height one font size), placed by its anchor and
/// rotated by its transform, lies inside the SVG's viewBox; and the slanted level names
/// do not overlap one another. Checked with a stalest level named `cadence-1mo` (once
/// clipped to "cadence-1") and close levels (12 h and 1 d).
@Suite struct SVGBoundsTests {
    struct Box {
        var corners: [(Double, Double)]
        var text: String
        var rotate: Double
        var x: Double, y: Double
    }

    static func boxes(_ svg: String) -> (width: Double, height: Double, boxes: [Box]) {
        func number(_ s: String, _ attr: String) -> Double? {
            guard let r = s.range(of: attr + "=\"") else { return nil }
            let rest = s[r.upperBound...]
            return Double(rest.prefix { $0 != "\"" })
        }
        let head = String(svg[svg.range(of: "<svg")!.lowerBound...].prefix { $0 != ">" })
        let width = number(head, "width") ?? 0, height = number(head, "height") ?? 0
        var out = [Box]()
        for part in svg.components(separatedBy: "<text ").dropFirst() {
            let attrs = String(part.prefix { $0 != ">" })
            let content = part.dropFirst(attrs.count + 1).components(separatedBy: "</text>")[0]
                .replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<")
                .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
                .replacingOccurrences(of: "&#39;", with: "'")
            let x = number(attrs, "x") ?? 0, y = number(attrs, "y") ?? 0, size = number(attrs, "font-size") ?? 12
            let w = Double(content.count) * size * 0.62
            let x0: Double
            if attrs.contains("text-anchor=\"end\"") { x0 = x - w } else if attrs.contains("text-anchor=\"middle\"") { x0 = x - w / 2 } else { x0 = x }
            var corners = [(x0, y - 0.85 * size), (x0 + w, y - 0.85 * size), (x0, y + 0.25 * size), (x0 + w, y + 0.25 * size)]
            var angle = 0.0
            if let r = attrs.range(of: "rotate(") {
                let args = attrs[r.upperBound...].prefix { $0 != ")" }.split(separator: " ").compactMap { Double($0) }
                angle = args[0]
                let (cx, cy) = (args[1], args[2]), t = angle * Double.pi / 180
                corners = corners.map { (px, py) in
                    (cx + (px - cx) * cos(t) - (py - cy) * sin(t), cy + (px - cx) * sin(t) + (py - cy) * cos(t))
                }
            }
            out.append(Box(corners: corners, text: content, rotate: angle, x: x, y: y))
        }
        return (width, height, out)
    }

    static func samples() throws -> [BacktestResult] {
        let base = try Sample.fraud()
        let json = String(decoding: try JSONEncoder().encode(base), as: UTF8.self).replacingOccurrences(of: "cadence-1d", with: "cadence-1mo")
        return [base, try JSONDecoder().decode(BacktestResult.self, from: Data(json.utf8)), try Sample.flat()]
    }

    @Test func everyTextBoxIsInsideTheViewBox() throws {
        for sample in try Self.samples() {
            let report = try render(sample)
            for name in report.svgNames {
                let (w, h, boxes) = Self.boxes(report.text(name))
                #expect(!boxes.isEmpty)
                for b in boxes {
                    let inside = b.corners.allSatisfy { $0.0 >= -0.5 && $0.0 <= w + 0.5 && $0.1 >= -0.5 && $0.1 <= h + 0.5 }
                    #expect(inside, "\(name): \"\(b.text)\" at \(b.corners) outside 0…\(w) × 0…\(h)")
                }
            }
        }
    }

    @Test func levelNamesAreWholeAndDoNotOverlap() throws {
        let samples = try Self.samples()
        let report = try render(samples[1])
        for name in ["metric.svg", "coverage.svg"] {
            let svg = report.text(name)
            #expect(svg.contains(">cadence-1mo</text>"), "\(name)")
            let slanted = Self.boxes(svg).boxes.filter { $0.rotate != 0 && $0.text.hasPrefix("cadence") || $0.text == "realtime" && $0.rotate != 0 }
                .sorted { $0.x < $1.x }
            #expect(slanted.count >= 4, "\(name)")
            // Parallel names: their anchors must be at least a line apart across the slant.
            for (a, b) in zip(slanted, slanted.dropFirst()) {
                let t = a.rotate * Double.pi / 180
                let across = abs(-(b.x - a.x) * sin(t) + (b.y - a.y) * cos(t))
                #expect(across >= 11.9, "\(name): \(a.text) and \(b.text) are \(across) px apart")
            }
        }
    }
}
