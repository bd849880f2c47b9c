import Foundation

struct Row {
    let input: String
    let results: [String: Measurement]
}

enum Report {
    static func print(_ rows: [Row]) {
        let names = ["consentgate", "vipsthumbnail", "convert"]
        Swift.print(pad("input", 24) + pad("tool", 15) + pad("wall s", 9) + pad("cpu s", 9) + "peak MiB")
        for row in rows {
            for name in names {
                guard let m = row.results[name] else { continue }
                Swift.print(pad(row.input, 24) + pad(name, 15) + pad(fmt(m.wall, 3), 9) + pad(fmt(m.cpu, 3), 9) + fmt(m.peakMiB, 1))
            }
        }
        Swift.print("\nratios (consentgate / other; below 1 means consentgate is faster or smaller)")
        for row in rows {
            guard let ours = row.results["consentgate"] else { continue }
            for other in ["vipsthumbnail", "convert"] {
                guard let them = row.results[other] else { continue }
                Swift.print(pad(row.input, 24) + pad("vs " + other, 18)
                    + "wall \(fmt(ours.wall / them.wall, 2))x  cpu \(fmt(ours.cpu / them.cpu, 2))x  peak \(fmt(ours.peakMiB / them.peakMiB, 2))x")
            }
        }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    static func fmt(_ value: Double, _ places: Int) -> String { String(format: "%.\(places)f", value) }
}
