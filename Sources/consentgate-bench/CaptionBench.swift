import Foundation

/// The caption check against a register of 2,000 people, as the caption
/// grows: each step is three times longer, so the time a caption adds to
/// the gate grows about three times if the check reads it once (nine
/// times if it is quadratic).
enum CaptionBench {
    static func run(binary: String, template: GateWorkspace, photo: String, scratch: String, runs: Int) throws {
        let workspace = try template.fresh(in: scratch)
        let register = try RegisterBench.file(people: 2000, in: scratch)
        _ = try Spawn.measure([binary, "--workspace", workspace, "register", "import", register])
        print("\ncaption check, register of 2,000 (submit --nobody, the whole gate; rejected for naming people)")
        var base = 0.0, previous: Double?
        for length in [0, 6_700, 20_000, 60_000] {
            let caption = text(length: length)
            let timed = try Measurement.median(of: (0 ..< runs).map { _ in
                try Spawn.measure([binary, "--workspace", workspace, "submit", photo, "--nobody", "--caption", caption],
                                  allowing: [0, 3])
            })
            let added = timed.cpu - base
            let growth = previous.map { ", x\(Report.fmt(added / $0, 1)) the previous" } ?? ""
            print("  \(String(length).padding(toLength: 6, withPad: " ", startingAt: 0)) characters: "
                  + "cpu \(Report.fmt(timed.cpu, 3)) s" + (length == 0 ? "" : " (the caption adds \(Report.fmt(added, 3)) s\(growth))"))
            if length == 0 { base = timed.cpu } else { previous = added }
        }
    }

    /// Words as a caption has them, with names, numbers and punctuation.
    static func text(length: Int) -> String {
        let words = ["Sports", "day", "Amara", "Okafor", "ran", "12", "laps,", "well", "done", "Year", "6!", "#TeamBlue",
                     "at", "the", "Hillside", "field.", "07700", "Oliver", "Road", "e.g.", "(at)", "Lee's", "3-0", "SW1A"]
        var text = ""
        var index = 0
        while text.utf8.count < length {
            text += words[index % words.count] + " "
            index = (index &* 31 &+ 7) % 1_000_003
        }
        return String(text.utf8.prefix(length))!
    }
}
