import Foundation
import GatehouseCore
import GatehouseMail

/// The Today timeline drawn as SVG: the hours, the open time, focus blocks, response windows,
/// appointments, the emergency buffer (what is used and what is left) and a "now" line.
/// Everything drawn is also said in the `<desc>` and in the list beside it, for screen readers.
enum TodayTimeline {
    static let width = 1000.0
    static let left = 80.0
    // Room for half of the last hour's label, which is centred on its line.
    static let right = 40.0

    static let fills: [DayBlock.Kind: String] = [
        .open: "#e6f2ee", .focus: "#c9d8f5", .responseWindow: "#9fd3c7", .appointment: "#f6d8a8", .buffer: "#f3d4d4",
    ]
    static let rows: [(label: String, kinds: [DayBlock.Kind])] = [
        ("Open", [.open]), ("Plan", [.focus, .responseWindow, .appointment]), ("Buffer", [.buffer]),
    ]

    /// The SVG markup for `plan`, with the "now" line at `now` when it falls inside the day.
    static func svg(_ plan: DayPlan, now: Instant, calendar: BusinessCalendar) -> String {
        let start = Double(plan.start.secondsSince1970), end = Double(max(plan.end.secondsSince1970, plan.start.secondsSince1970 + 3600))
        let span = width - left - right
        func x(_ t: Instant) -> Double { left + (Double(t.secondsSince1970) - start) / (end - start) * span }
        let clock = calendar.clock
        let rowHeight = 40.0, top = 34.0
        let height = top + Double(rows.count) * (rowHeight + 8) + 10
        var svg = """
            <svg class="timeline" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="timeline-title timeline-desc" \
            xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="18">
            <title id="timeline-title">Today, \(escape(calendar.locale.date(plan.date)))</title>
            <desc id="timeline-desc">\(escape(description(plan, calendar: calendar)))</desc>

            """
        // Hour ticks and labels on the local hours (a zone may be half an hour off UTC).
        let intoHour = Int64(calendar.localTime(of: plan.start).secondOfDay % 3600)
        var hour = plan.start.secondsSince1970 + (3600 - intoHour) % 3600
        // Every other hour is labelled when the day is long, so the labels never overlap.
        let step = (end - start) > 9 * 3600 ? 2 : 1
        while Double(hour) <= end {
            let t = Instant(secondsSince1970: hour)
            let px = fmt(x(t))
            svg += "<line x1=\"\(px)\" y1=\"\(fmt(top - 6))\" x2=\"\(px)\" y2=\"\(fmt(height - 8))\" stroke=\"#e4e7eb\"/>"
            if calendar.localTime(of: t).secondOfDay / 3600 % step == 0 {
                svg += "<text x=\"\(px)\" y=\"20\" text-anchor=\"middle\" fill=\"#52606d\">\(escape(calendar.locale.hourMark(calendar.localTime(of: t).minuteOfDay)))</text>"
            }
            svg += "\n"
            hour += 3600
        }
        for (index, row) in rows.enumerated() {
            let y = top + Double(index) * (rowHeight + 8)
            svg += "<text x=\"0\" y=\"\(fmt(y + rowHeight / 2 + 4))\" fill=\"#1f2933\">\(row.label)</text>\n"
            let blocks = (row.kinds == [.open] ? plan.open : plan.blocks.filter { row.kinds.contains($0.kind) })
            for block in blocks {
                let x0 = x(block.start), x1 = x(block.end)
                let what = "\(block.label), \(clock(block.start))–\(clock(block.end))"
                svg += "<g><title>\(escape(what))</title>"
                svg += "<rect x=\"\(fmt(x0))\" y=\"\(fmt(y))\" width=\"\(fmt(max(1, x1 - x0)))\" height=\"\(fmt(rowHeight))\" rx=\"4\" "
                    + "fill=\"\(fills[block.kind] ?? "#e4e7eb")\" stroke=\"#7b8794\" stroke-width=\"0.5\"/>"
                if block.kind == .buffer, plan.bufferUsed.seconds > 0, plan.bufferReserved.seconds > 0 {
                    let used = min(1, Double(plan.bufferUsed.seconds) / Double(plan.bufferReserved.seconds))
                    svg += "<rect x=\"\(fmt(x0))\" y=\"\(fmt(y))\" width=\"\(fmt((x1 - x0) * used))\" height=\"\(fmt(rowHeight))\" "
                        + "rx=\"4\" fill=\"#c98b8b\"/>"
                }
                let label = block.kind == .buffer ? "Buffer: \(plan.bufferLeft.spokenDescription) left" : block.label
                if x1 - x0 > Double(label.count) * 10 + 8 {
                    svg += "<text x=\"\(fmt(x0 + 6))\" y=\"\(fmt(y + rowHeight / 2 + 4))\" fill=\"#1f2933\">\(escape(label))</text>"
                }
                svg += "</g>\n"
            }
        }
        let nowX = x(now)
        let inside = now.secondsSince1970 >= plan.start.secondsSince1970 && now.secondsSince1970 <= plan.end.secondsSince1970
        svg += "<line data-now-line data-start=\"\(Int(start))\" data-end=\"\(Int(end))\" data-left=\"\(fmt(left))\" "
            + "data-width=\"\(fmt(span))\" x1=\"\(fmt(nowX))\" y1=\"\(fmt(top - 8))\" x2=\"\(fmt(nowX))\" y2=\"\(fmt(height - 4))\" "
            + "stroke=\"#1f2933\" stroke-width=\"2\" stroke-dasharray=\"4 3\" visibility=\"\(inside ? "visible" : "hidden")\">"
            + "<title>Now, \(clock(now))</title></line>\n"
        svg += "</svg>"
        return svg
    }

    /// The day in one sentence per block, for the SVG's description.
    static func description(_ plan: DayPlan, calendar: BusinessCalendar) -> String {
        let clock = calendar.clock
        guard !plan.open.isEmpty else { return "Closed today." }
        let open = plan.open.map { "\(clock($0.start))–\(clock($0.end))" }.joined(separator: " and ")
        let blocks = plan.blocks.map { "\($0.label) \(clock($0.start))–\(clock($0.end))" }.joined(separator: "; ")
        return "Open \(open). \(blocks)."
    }

    static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }

    static func escape(_ text: String) -> String { HTMLBody.escaped(text) }
}
