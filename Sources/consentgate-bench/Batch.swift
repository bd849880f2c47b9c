import Foundation

/// A school trip: many 12 MP photos at once. consentgate's `watch --once`
/// over a full inbox beside one `vipsthumbnail` and one `mogrify` process
/// over the same files.
struct Batch {
    let photos: [String]
    let folder: String

    /// `count` different 12 MP JPEGs, cropped at different places from a
    /// 2x2 mirrored mosaic of the sharp photo.
    static func make(count: Int, mosaic: String, in scratch: String) throws -> Batch {
        let folder = scratch + "/batch"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var photos: [String] = []
        for index in 0 ..< count {
            let path = folder + String(format: "/IMG_%04d.jpg", index)
            let (left, top) = ((index * 97) % 1400, (index * 53) % 1400)
            _ = try Spawn.measure(["/usr/bin/vips", "crop", mosaic, path + "[Q=92]", "\(left)", "\(top)", "4032", "3024"])
            photos.append(path)
        }
        return Batch(photos: photos, folder: folder)
    }

    /// Fills a fresh workspace's inbox with the photos, each with a sidecar.
    func fillInbox(_ workspace: String) throws {
        let inbox = workspace + "/inbox/BENCH"
        for photo in photos {
            let name = (photo as NSString).lastPathComponent
            try FileManager.default.copyItem(atPath: photo, toPath: inbox + "/" + name)
            try Data("nobody: true\n".utf8).write(to: URL(fileURLWithPath: inbox + "/" + (name as NSString).deletingPathExtension + ".yaml"))
        }
    }

    func contenders(binary: String, template: GateWorkspace, scratch: String) -> [Contender] {
        [
            Contender(name: "watch --once", prepare: {
                let workspace = try template.fresh(in: scratch)
                try fillInbox(workspace)
                return workspace
            }, arguments: { _, _, workspace in [binary, "--workspace", workspace, "watch", "--once"] }),
            Contender(name: "vipsthumbnail", arguments: { _, out, _ in
                ["/usr/bin/vipsthumbnail"] + photos + ["-s", "2048", "-o", out + "/%s.jpg[Q=85,strip]"]
            }),
            Contender(name: "mogrify", arguments: { _, out, _ in
                ["/usr/bin/mogrify", "-path", out, "-auto-orient", "-resize", "2048x2048>", "-strip", "-quality", "85"] + photos
            }),
        ]
    }
}
