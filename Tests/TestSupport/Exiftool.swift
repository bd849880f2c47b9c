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
