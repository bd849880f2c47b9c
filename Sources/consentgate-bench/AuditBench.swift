import Foundation

/// The head teacher's audit over a busy year: `count` published photos
/// (each a different 600 x 450 photo, gated by `watch --once`), then
/// `audit` timed over all of them.
enum AuditBench {
    static func run(count: Int, binary: String, template: GateWorkspace, corpus: String, scratch: String, runs: Int) throws {
        let workspace = try template.fresh(in: scratch)
        let inbox = workspace + "/inbox/BENCH"
        let bases = (1...8).map { corpus + "/sharp-fixtures/Landscape_\($0).jpg" }.compactMap { FileManager.default.contents(atPath: $0) }
        for index in 0 ..< count {
            // A different file each time: the same picture with a different trailer.
            var data = bases[index % bases.count]
            data.append(Data("consentgate audit benchmark \(index)".utf8))
            try data.write(to: URL(fileURLWithPath: inbox + String(format: "/IMG_%05d.jpg", index)))
            try Data("nobody: true\n".utf8).write(to: URL(fileURLWithPath: inbox + String(format: "/IMG_%05d.yaml", index)))
        }
        let gating = try Spawn.measure([binary, "--workspace", workspace, "watch", "--once"])
        print("\naudit: \(count) published photos (gated in \(Report.fmt(gating.wall, 1)) s by watch --once, "
              + "\(Report.fmt(Double(count) / gating.wall, 1)) photos/s)")
        let audit = try Measurement.median(of: (0 ..< runs).map { _ in
            try Spawn.measure([binary, "--workspace", workspace, "audit", "--json"], allowing: [0, 3])
        })
        print("audit of \(count): wall \(Report.fmt(audit.wall, 2)) s, cpu \(Report.fmt(audit.cpu, 2)) s, "
              + "peak \(Report.fmt(audit.peakMiB, 1)) MiB: \(Report.fmt(Double(count) / audit.wall, 0)) photos/s")
        let page = try Measurement.median(of: (0 ..< runs).map { _ in
            try Spawn.measure([binary, "--workspace", workspace, "audit", "--html", scratch + "/audit.html"], allowing: [0, 3])
        })
        print("audit of \(count) with the HTML report: wall \(Report.fmt(page.wall, 2)) s, "
              + "peak \(Report.fmt(page.peakMiB, 1)) MiB: \(Report.fmt(Double(count) / page.wall, 0)) photos/s")
    }
}
