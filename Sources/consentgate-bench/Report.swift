import Foundation

struct Row {
    let input: String
    let results: [String: Measurement]
}

enum Report {
    static func print(_ rows: [Row], ours: [String], theirs: [String]) {
        Swift.print(pad("input", 24) + pad("tool", 15) + pad("wall s", 9) + pad("cpu s", 9) + "peak MiB")
        for row in rows {
            for name in ours + theirs {
                guard let m = row.results[name] else { continue }
                Swift.print(pad(row.input, 24) + pad(name, 15) + pad(fmt(m.wall, 3), 9) + pad(fmt(m.cpu, 3), 9) + fmt(m.peakMiB, 1))
            }
        }
        Swift.print("\nratios (ours / theirs; below 1 means ours is faster or smaller)")
        for row in rows {
            for mine in ours {
                guard let us = row.results[mine] else { continue }
                for other in theirs {
                    guard let them = row.results[other] else { continue }
                    Swift.print(pad(row.input, 24) + pad("\(mine) vs \(other)", 26)
                        + "wall \(fmt(us.wall / them.wall, 2))x  cpu \(fmt(us.cpu / them.cpu, 2))x  peak \(fmt(us.peakMiB / them.peakMiB, 2))x")
                }
            }
        }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    static func fmt(_ value: Double, _ places: Int) -> String { String(format: "%.\(places)f", value) }
}
