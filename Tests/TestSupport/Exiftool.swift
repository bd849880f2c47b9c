import Foundation

/// exiftool, the independent oracle: what it finds in a published file is
/// what anyone who downloads the photo can find.
public enum Exiftool {
    /// Every tag exiftool reports, keyed "Group1:Tag" (`exiftool -a -G1 -j`).
    public static func tags(of path: String) throws -> [String: String] {
        let run = try ChildProcess.run("/usr/bin/exiftool", ["-a", "-G1", "-j", "-b", "-u", path])
        guard run.status == 0 || run.status == 1,
              let array = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]],
              let object = array.first else {
            throw OracleError(message: "exiftool failed on \(path): \(run.stderr)")
        }
        return object.mapValues { "\($0)" }
    }

    /// What a published photo may show: file facts, and in IFD0 only the
    /// school's Orientation, Artist and Copyright (plus any `alsoAllowed`).
    public static func findings(in tags: [String: String], alsoAllowed: Set<String> = []) -> [String] {
        let harmlessGroups: Set<String> = ["ExifTool", "System", "File", "Composite"]
        let harmlessFileTags: Set<String> = [
            "File:FileType", "File:FileTypeExtension", "File:MIMEType", "File:ExifByteOrder",
            "File:ImageWidth", "File:ImageHeight", "File:EncodingProcess", "File:BitsPerSample",
            "File:ColorComponents", "File:YCbCrSubSampling",
        ]
        let allowed = Set(["IFD0:Orientation", "IFD0:Artist", "IFD0:Copyright",
                           "Composite:ImageSize", "Composite:Megapixels"]).union(alsoAllowed)
        var findings: [String] = []
        for key in tags.keys.sorted() where key != "SourceFile" {
            let group = String(key.split(separator: ":").first ?? "")
            if allowed.contains(key) { continue }
            if group == "File" && !harmlessFileTags.contains(key) { findings.append(key); continue }
            if group == "ExifTool" && key != "ExifTool:ExifToolVersion" { findings.append(key); continue }
            if group == "Composite" { findings.append(key); continue }
            if !harmlessGroups.contains(group) { findings.append(key) }
        }
        return findings
    }

    /// The named dangers the issue lists, for a readable failure message.
    public static func dangerous(_ tags: [String: String]) -> [String] {
        tags.keys.filter { key in
            let lowered = key.lowercased()
            return lowered.hasPrefix("gps") || lowered.hasPrefix("xmp") || lowered.hasPrefix("iptc")
                || lowered.contains("makernote") || lowered.contains("thumbnail") || lowered.contains("serialnumber")
                || lowered.contains(":gps") || lowered.hasPrefix("ifd1") || lowered.hasPrefix("mpf")
                || lowered.hasPrefix("photoshop") || lowered.contains("owner") || lowered.contains("usercomment")
        }.sorted()
    }

    public struct OracleError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
}

extension Exiftool {
    /// Everyone exiftool finds named in a photo's people fields, read with
    /// the gate's rules (people keywords under a "People" root; MWG regions
    /// except pets, barcodes and focus points): the oracle the gate's own
    /// reading is compared with.
    public static func peopleNames(of path: String) throws -> Set<String> {
        let run = try ChildProcess.run("/usr/bin/exiftool", ["-j", "-n", "-a", "-G1", "-XMP:all", path])
        guard let array = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]],
              let tags = array.first else {
            throw OracleError(message: "exiftool failed on \(path): \(run.stderr)")
        }
        func list(_ key: String) -> [String] {
            switch tags[key] {
            case let many as [Any]: many.map { "\($0)" }
            case let one?: ["\(one)"]
            case nil: []
            }
        }
        var names = Set(list("XMP-iptcExt:PersonInImage") + list("XMP-iptcExt:PersonInImageName")
                        + list("XMP-MP:RegionPersonDisplayName"))
        let regionTypes = list("XMP-mwg-rs:RegionType")
        for (index, name) in list("XMP-mwg-rs:RegionName").enumerated() {
            let type = index < regionTypes.count ? regionTypes[index].lowercased() : "face"
            if !["pet", "barcode", "focus"].contains(type) { names.insert(name) }
        }
        for (key, separator) in [("XMP-digiKam:TagsList", "/"), ("XMP-lr:HierarchicalSubject", "|"),
                                 ("XMP-microsoft:LastKeywordXMP", "/"), ("XMP-mediapro:CatalogSets", "|")] {
            for keyword in list(key) {
                let path = keyword.components(separatedBy: separator)
                if path.count >= 2, path[0].lowercased() == "people", let leaf = path.last { names.insert(leaf) }
            }
        }
        return names
    }
}
