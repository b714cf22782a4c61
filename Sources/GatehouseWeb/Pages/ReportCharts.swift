import Foundation
import GatehouseCore
import GatehouseMail

/// One bar of a report chart: what it is, how long it is, and the value written beside it.
struct ChartBar {
    var value: Double
    /// Written beside the bar: "18% · 4 hours 30 minutes".
    var text: String
    var fill: String
}

/// One row of a report chart: a label on its own line (so long names fit a phone) and one or
/// more bars under it.
struct ChartRow {
    var label: String
    var bars: [ChartBar]
}

/// The Reports page's charts, drawn as SVG on the server: horizontal bars, a label above each
/// row, the value written beside each bar, an axis with its label, and reference lines (80% and
/// 100% of the allowance). Each has a `<title>` and a `<desc>` that says everything drawn; the
/// page puts a table with the same numbers beside it. Every text is escaped.
enum ReportCharts {
    /// The widths a chart is drawn at, in CSS pixels: a phone's card (390 px less the page's and
    /// the card's padding) and a desktop card. Each is shown only where it fits (desk.css), so its
    /// text is drawn at the size it is read at — never scaled down below 12 px.
    static let narrow = 316.0
    static let wide = 960.0
    static let left = 4.0
    static let barHeight = 16.0
    /// Every text in a chart; 13 px, so a phone slightly narrower than 390 px still shows 12.
    static let fontSize = 13.0
    /// A generous width per character at that size, so a value is never drawn past the edge.
    static let characterWidth = 7.6

    /// A horizontal bar chart from 0 to `maximum`, drawn twice — for a phone and for a desktop;
    /// `ticks` are written on the axis with `unit` after them, `marks` are dashed reference lines
    /// with their labels.
    static func bars(id: String, title: String, description: String, axisLabel: String, rows: [ChartRow], maximum: Double,
                     ticks: [Double], unit: String, marks: [(value: Double, label: String)] = []) -> String {
        [(narrow, "narrow"), (wide, "wide")].map { width, name in
            draw(id: "\(id)-\(name)", width: width, className: "chart chart-\(name)", title: title, description: description,
                 axisLabel: axisLabel, rows: rows, maximum: maximum, ticks: ticks, unit: unit, marks: marks)
        }.joined(separator: "\n")
    }

    /// How wide `text` is drawn, at most.
    static func textWidth(_ text: String) -> Double { Double(text.count) * characterWidth }

    static func draw(id: String, width: Double, className: String, title: String, description: String, axisLabel: String,
                     rows: [ChartRow], maximum: Double, ticks: [Double], unit: String,
                     marks: [(value: Double, label: String)]) -> String {
        // Room on the right for the values written beside short bars.
        let right = min(width * 0.3, 180)
        let span = width - left - right
        func x(_ value: Double) -> Double { left + min(max(value, 0), maximum) / max(maximum, 0.000_001) * span }
        let top = marks.isEmpty ? 8.0 : 26.0
        let fits = Int((width - left) / characterWidth)
        var y = top
        var body = ""
        for row in rows {
            body += "<g><title>\(escape(row.label))</title>"
            // A long name wraps onto more lines, whole, rather than being cut.
            for line in wrapped(row.label, fits: fits) {
                body += "<text x=\"\(fmt(left))\" y=\"\(fmt(y + 13))\" fill=\"#1f2933\">\(escape(line))</text>\n"
                y += 17
            }
            y += 3
            for bar in row.bars {
                let end = x(bar.value)
                body += "<rect x=\"\(fmt(left))\" y=\"\(fmt(y))\" width=\"\(fmt(max(1, end - left)))\" height=\"\(fmt(barHeight))\" "
                    + "rx=\"2\" fill=\"\(bar.fill)\"/>"
                let needed = textWidth(bar.text)
                if end + 6 + needed <= width {
                    // Beside the bar.
                    body += "<text x=\"\(fmt(end + 6))\" y=\"\(fmt(y + 12.5))\" fill=\"#1f2933\">\(escape(bar.text))</text>\n"
                    y += barHeight + 5
                } else if end - left >= needed + 12 {
                    // Inside the bar's end, in white.
                    body += "<text x=\"\(fmt(end - 6))\" y=\"\(fmt(y + 12.5))\" text-anchor=\"end\" fill=\"#fff\" "
                        + "font-weight=\"600\">\(escape(bar.text))</text>\n"
                    y += barHeight + 5
                } else {
                    // Neither fits: on its own line under the bar, whole.
                    y += barHeight
                    for line in wrapped(bar.text, fits: fits) {
                        body += "<text x=\"\(fmt(left))\" y=\"\(fmt(y + 14))\" fill=\"#1f2933\">\(escape(line))</text>\n"
                        y += 17
                    }
                    y += 5
                }
            }
            body += "</g>\n"
            y += 8
        }
        let axisY = y + 2
        let axisLines = wrapped(axisLabel, fits: fits)
        let height = axisY + 27 + 17 * Double(axisLines.count)
        var svg = """
            <svg class="\(className)" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" \
            role="img" aria-labelledby="\(id)-title \(id)-desc" \
            xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="\(Int(fontSize))">
            <title id="\(id)-title">\(escape(title))</title>
            <desc id="\(id)-desc">\(escape(description))</desc>

            """
        for (index, mark) in marks.enumerated() {
            let px = fmt(x(mark.value))
            svg += "<line x1=\"\(px)\" y1=\"\(fmt(top - 4))\" x2=\"\(px)\" y2=\"\(fmt(axisY))\" stroke=\"#7b8794\" stroke-dasharray=\"3 3\"/>"
            // Two marks close together (80% and 100% on a phone): their labels lean apart, never overlapping.
            let close = marks.indices.contains { other in
                other != index && abs(x(marks[other].value) - x(mark.value)) < textWidth(mark.label) + 6
            }
            let anchor = !close ? "middle" : marks.contains(where: { $0.value > mark.value }) ? "end" : "start"
            let shift = anchor == "end" ? -3.0 : anchor == "start" ? 3.0 : 0
            svg += "<text x=\"\(fmt(x(mark.value) + shift))\" y=\"\(fmt(top - 9))\" text-anchor=\"\(anchor)\" fill=\"#52606d\">"
                + "\(escape(mark.label))</text>\n"
        }
        svg += body
        svg += "<line x1=\"\(fmt(left))\" y1=\"\(fmt(axisY))\" x2=\"\(fmt(left + span))\" y2=\"\(fmt(axisY))\" stroke=\"#52606d\"/>\n"
        for tick in ticks {
            let px = x(tick)
            let anchor = tick == ticks.first ? "start" : "middle"
            svg += "<line x1=\"\(fmt(px))\" y1=\"\(fmt(axisY))\" x2=\"\(fmt(px))\" y2=\"\(fmt(axisY + 4))\" stroke=\"#52606d\"/>"
            svg += "<text x=\"\(fmt(px))\" y=\"\(fmt(axisY + 18))\" text-anchor=\"\(anchor)\" fill=\"#52606d\">"
                + "\(number(tick))\(escape(unit))</text>\n"
        }
        for (index, line) in axisLines.enumerated() {
            svg += "<text x=\"\(fmt(left))\" y=\"\(fmt(axisY + 38 + 17 * Double(index)))\" fill=\"#1f2933\">\(escape(line))</text>\n"
        }
        svg += "</svg>"
        return svg
    }

    /// Ticks from 0 to `maximum` in `count` steps of a round size.
    static func ticks(upTo maximum: Double, count: Int = 4) -> (ticks: [Double], maximum: Double) {
        guard maximum > 0 else { return ([0, 1], 1) }
        let raw = maximum / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        let top = ceil(maximum / step) * step
        return (stride(from: 0, through: top + step / 2, by: step).map { $0 }, top)
    }

    /// `text` in lines of at most `fits` characters, broken between words (a word longer than a
    /// line is shortened, the whole text being in the chart's description and the table).
    static func wrapped(_ text: String, fits: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.isEmpty { current = String(word) } else if current.count + 1 + word.count <= fits {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines.map { clipped($0, fits: fits) }
    }

    /// A long name shortened to the `fits` characters a line of the chart holds; the full name is
    /// in the row's `<title>` and in the table beside the chart.
    static func clipped(_ text: String, fits: Int) -> String {
        text.count > fits ? String(text.prefix(max(fits - 1, 1))) + "…" : text
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }

    static func escape(_ text: String) -> String { HTMLBody.escaped(text) }
}
