import Foundation

struct BenchOptions {
    var runs = 7
    var corpus = "Fixtures/corpus"
    var binary = ".build/release/consentgate"
    var config = "Config/consentgate.yaml"
    /// Photos in the batch measurement (0 skips it).
    var batch = 100
    var batchRuns = 3
    /// Published photos in the audit measurement (0 skips it).
    var audit = 2000
    /// Real iPhone HEICs (Scripts/fetch-phone-heic.py prints their paths
    /// into this file); none if empty.
    var phoneHEICs = ""
    /// One measurement alone ("captions"), or all of them.
    var only = ""

    static func parse(_ arguments: ArraySlice<String>) -> BenchOptions {
        var options = BenchOptions()
        var rest = arguments
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { break }
            switch flag {
            case "--runs": options.runs = max(1, Int(value) ?? options.runs)
            case "--corpus": options.corpus = value
            case "--binary": options.binary = value
            case "--config": options.config = value
            case "--batch": options.batch = max(0, Int(value) ?? options.batch)
            case "--batch-runs": options.batchRuns = max(1, Int(value) ?? options.batchRuns)
            case "--audit": options.audit = max(0, Int(value) ?? options.audit)
            case "--phone-heic": options.phoneHEICs = value
            case "--only": options.only = value
            default: FileHandle.standardError.write(Data("unknown option \(flag)\n".utf8))
            }
        }
        return options
    }
}

/// A scratch folder for generated inputs and outputs, removed at exit.
final class Scratch {
    let path: String
    init() {
        var template = Array((NSTemporaryDirectory() + "consentgate-bench-XXXXXX").utf8CString)
        path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

struct Inputs {
    struct Case { let label: String; let path: String }
    let cases: [Case]
    /// The 5450 x 4450 mosaic the 12 MP photos are cut from.
    let mosaic: String

    /// The 2725 x 2225 sharp photo as it is, and a 12 MP (4032 x 3024) JPEG
    /// made from it by mirroring it into a 2 x 2 mosaic, so that every pixel
    /// keeps real photographic detail (an upscale would be too easy to compress).
    static func make(corpus: String, phoneHEICs: [String], in directory: String) throws -> Inputs {
        let phone = directory + "/12mp-grid-phone.heic", dense = directory + "/12mp-grid-dense.heic"
        let photo = corpus + "/sharp-fixtures/2569067123_aca715a2ee_o.jpg"
        guard FileManager.default.fileExists(atPath: photo) else { throw BenchError("no corpus at \(corpus)") }
        let flipped = directory + "/h.v", upside = directory + "/v.v", turned = directory + "/r.v"
        let twelve = directory + "/12mp.jpg", heic = directory + "/12mp.heic", png = directory + "/2048-alpha.png"
        for (argv, _) in [
            (["/usr/bin/vips", "flip", photo, flipped, "horizontal"], 0),
            (["/usr/bin/vips", "flip", photo, upside, "vertical"], 0),
            (["/usr/bin/vips", "rot", photo, turned, "d180"], 0),
            (["/usr/bin/vips", "arrayjoin", "\(photo) \(flipped) \(upside) \(turned)", directory + "/mosaic.v", "--across", "2"], 0),
            (["/usr/bin/vips", "crop", directory + "/mosaic.v", twelve + "[Q=92]", "0", "0", "4032", "3024"], 0),
            // The same 12 MP as HEIC (HEVC, libheif and x265 from Debian).
            (["/usr/bin/vips", "copy", twelve, heic + "[Q=85]"], 0),
            // 2048 px with a transparent band: the alpha path.
            (["/usr/bin/vips", "thumbnail", photo, directory + "/2048.v", "2048"], 0),
            (["/usr/bin/vips", "black", directory + "/alpha0.v", "2048", "1672"], 0),
            (["/usr/bin/vips", "linear", directory + "/alpha0.v", directory + "/alpha.v", "1", "180", "--uchar"], 0),
            (["/usr/bin/vips", "bandjoin", "\(directory)/2048.v \(directory)/alpha.v", png], 0),
        ] {
            _ = try Spawn.measure(argv)
        }
        try makeGridHEIC(phone, quality: 65, from: directory + "/mosaic.v", in: directory)
        try makeGridHEIC(dense, quality: 85, from: directory + "/mosaic.v", in: directory)
        return Inputs(cases: [
            Case(label: "sharp 2725x2225 JPEG", path: photo),
            Case(label: "12 MP 4032x3024 JPEG", path: twelve),
            Case(label: "12 MP HEIC, one image", path: heic),
            Case(label: "12 MP HEIC grid \(megabytes(phone)) MB", path: phone),
            Case(label: "12 MP HEIC grid \(megabytes(dense)) MB", path: dense),
        ] + phoneHEICs.map { path in
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            return Case(label: "iPhone \(name) \(megabytes(path)) MB", path: path)
        } + [
            Case(label: "2048x1672 PNG, alpha", path: png),
        ], mosaic: directory + "/mosaic.v")
    }
}

extension Inputs {
    static func megabytes(_ path: String) -> String {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return String(format: "%.1f", Double(size) / 1e6)
    }

    /// The same 12 MP as an iPhone stores it: a grid of 8 x 6 HEVC tiles of
    /// 512 px, cropped to 4032 x 3024 (Scripts/make-grid-heic.py). HEVC
    /// decoding time grows with the bitrate: x265 at quality 65 gives 1.9 MB
    /// (about what a phone stores for 12 MP), at 85 a dense 4.5 MB.
    static func makeGridHEIC(_ path: String, quality: Int, from mosaic: String, in directory: String) throws {
        var tiles: [String] = []
        for row in 0 ..< 6 {
            for column in 0 ..< 8 {
                let tile = "\(directory)/tile-\(row)-\(column).heic"
                _ = try Spawn.measure(["/usr/bin/vips", "crop", mosaic, tile + "[Q=\(quality),strip]",
                                       "\(column * 512)", "\(row * 512)", "512", "512"])
                tiles.append(tile)
            }
        }
        _ = try Spawn.measure(["/usr/bin/python3", "Scripts/make-grid-heic.py", path, "4032", "3024", "8"] + tiles)
    }
}

enum Machine {
    static func describe() -> String {
        var name = utsname()
        uname(&name)
        let release = withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let date = ISO8601DateFormatter().string(from: Date())
        return "\(date)  Linux \(release)  \(ProcessInfo.processInfo.activeProcessorCount) cores"
    }
}
