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
    static let width = 400.0
    static let left = 4.0
    static let right = 120.0
    static let barHeight = 14.0

    /// A horizontal bar chart from 0 to `maximum`; `ticks` are written on the axis with `unit`
    /// after them, `marks` are dashed reference lines with their labels.
    static func bars(id: String, title: String, description: String, axisLabel: String, rows: [ChartRow], maximum: Double,
                     ticks: [Double], unit: String, marks: [(value: Double, label: String)] = []) -> String {
        let span = width - left - right
        func x(_ value: Double) -> Double { left + min(max(value, 0), maximum) / max(maximum, 0.000_001) * span }
        let top = marks.isEmpty ? 8.0 : 24.0
        var y = top
        var body = ""
        for row in rows {
            body += "<g><title>\(escape(row.label))</title>"
            body += "<text x=\"\(fmt(left))\" y=\"\(fmt(y + 12))\" fill=\"#1f2933\">\(escape(clipped(row.label)))</text>\n"
            y += 18
            for bar in row.bars {
                let end = x(bar.value)
                body += "<rect x=\"\(fmt(left))\" y=\"\(fmt(y))\" width=\"\(fmt(max(1, end - left)))\" height=\"\(fmt(barHeight))\" "
                    + "rx=\"2\" fill=\"\(bar.fill)\"/>"
                // The value goes beside the bar; when it would run past the edge, inside the bar's end.
                let textWidth = Double(bar.text.count) * 6.6
                if end + 4 + textWidth <= width || end - left < textWidth + 8 {
                    body += "<text x=\"\(fmt(end + 4))\" y=\"\(fmt(y + 11.5))\" fill=\"#1f2933\" font-size=\"12\">\(escape(bar.text))</text>\n"
                } else {
                    body += "<text x=\"\(fmt(end - 4))\" y=\"\(fmt(y + 11.5))\" text-anchor=\"end\" fill=\"#fff\" "
                        + "font-size=\"12\" font-weight=\"600\">\(escape(bar.text))</text>\n"
                }
                y += barHeight + 4
            }
            body += "</g>\n"
            y += 6
        }
        let axisY = y + 2
        let height = axisY + 40
        var svg = """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(id)-title \(id)-desc" \
            xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="13">
            <title id="\(id)-title">\(escape(title))</title>
            <desc id="\(id)-desc">\(escape(description))</desc>

            """
        for mark in marks {
            let px = fmt(x(mark.value))
            svg += "<line x1=\"\(px)\" y1=\"\(fmt(top - 4))\" x2=\"\(px)\" y2=\"\(fmt(axisY))\" stroke=\"#7b8794\" stroke-dasharray=\"3 3\"/>"
            svg += "<text x=\"\(px)\" y=\"\(fmt(top - 8))\" text-anchor=\"middle\" fill=\"#52606d\" font-size=\"11\">\(escape(mark.label))</text>\n"
        }
        svg += body
        svg += "<line x1=\"\(fmt(left))\" y1=\"\(fmt(axisY))\" x2=\"\(fmt(left + span))\" y2=\"\(fmt(axisY))\" stroke=\"#52606d\"/>\n"
        for tick in ticks {
            let px = x(tick)
            let anchor = tick == ticks.first ? "start" : "middle"
            svg += "<line x1=\"\(fmt(px))\" y1=\"\(fmt(axisY))\" x2=\"\(fmt(px))\" y2=\"\(fmt(axisY + 4))\" stroke=\"#52606d\"/>"
            svg += "<text x=\"\(fmt(px))\" y=\"\(fmt(axisY + 16))\" text-anchor=\"\(anchor)\" fill=\"#52606d\" font-size=\"11\">"
                + "\(number(tick))\(escape(unit))</text>\n"
        }
        svg += "<text x=\"\(fmt(left + span / 2))\" y=\"\(fmt(axisY + 34))\" text-anchor=\"middle\" fill=\"#1f2933\" font-size=\"12\">"
            + "\(escape(axisLabel))</text>\n</svg>"
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

    /// A long name shortened to fit the chart's width; the full name is in the row's `<title>`.
    static func clipped(_ text: String) -> String { text.count > 48 ? String(text.prefix(47)) + "…" : text }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }

    static func escape(_ text: String) -> String { HTMLBody.escaped(text) }
}
