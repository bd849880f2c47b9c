/// Proves, from the bytes alone, that a JPEG carries no metadata beyond an
/// allowlist. Written without libvips or libexif so that it cannot share a
/// bug with the code that made the file.
public struct DerivativeCheck: Sendable {
    public struct Allowlist: Sendable {
        public var ifd0: Set<UInt16>
        public var exif: Set<UInt16>

        /// Orientation, Artist and Copyright, plus whatever the school chose to keep.
        public init(keeping kept: [KeepableExifTag] = []) {
            ifd0 = [SchoolExifTag.orientation, SchoolExifTag.artist, SchoolExifTag.copyright]
            exif = []
            for tag in kept {
                if tag.directory == .ifd0 { ifd0.insert(tag.tag) } else { exif.insert(tag.tag) }
            }
        }
    }

    public struct Report: Sendable {
        public let width: Int
        public let height: Int
        /// Everything found that a published photo must not carry; empty when clean.
        public let violations: [String]
        public var isClean: Bool { violations.isEmpty }
    }

    public let allowlist: Allowlist

    public init(allowlist: Allowlist = Allowlist()) {
        self.allowlist = allowlist
    }

    public func inspect(_ jpeg: [UInt8]) -> Report {
        let file: JPEGFile
        do {
            file = try JPEGFile(parsing: jpeg)
        } catch {
            return Report(width: 0, height: 0, violations: ["not a complete, well-formed JPEG (\(error))"])
        }
        var violations: [String] = []
        if file.trailerLength > 0 {
            violations.append("\(file.trailerLength) bytes after the end of the image")
        }
        var exifCount = 0
        for segment in file.segments {
            let payload = file.payload(of: segment)
            switch segment.marker {
            case 0xC0, 0xC1, 0xC2, 0xC4, 0xDA, 0xDB, 0xDD:
                continue
            case 0xE0 where payload.starts(with: JPEGFile.jfifIdentifier):
                // JFIF carries density only, unless it embeds a thumbnail.
                let p = Array(payload)
                if p.count < 14 || p[12] != 0 || p[13] != 0 || p.count != 14 {
                    violations.append("a JFIF header carrying a thumbnail")
                }
            case 0xE1 where payload.starts(with: JPEGFile.exifIdentifier):
                exifCount += 1
                violations += checkExif(Array(payload.dropFirst(JPEGFile.exifIdentifier.count)))
            default:
                violations.append(Self.describe(segment.marker, payload))
            }
        }
        if exifCount > 1 { violations.append("\(exifCount) EXIF segments") }
        return Report(width: file.width, height: file.height, violations: violations)
    }

    private func checkExif(_ tiff: [UInt8]) -> [String] {
        let directories: ExifDirectories
        do {
            directories = try ExifDirectories(tiff: tiff)
        } catch {
            return ["unreadable EXIF (\(error))"]
        }
        var violations: [String] = []
        for directory in ExifDirectories.Directory.allCases {
            guard let entries = directories.entries[directory] else { continue }
            let allowed: Set<UInt16>
            switch directory {
            case .ifd0: allowed = allowlist.ifd0.union(allowlist.exif.isEmpty ? [] : [0x8769])
            case .exif: allowed = allowlist.exif
            case .gps, .interoperability, .ifd1: allowed = []
            }
            if directory == .gps { violations.append("a GPS directory") }
            if directory == .ifd1 { violations.append("a second image directory (thumbnail)") }
            for entry in entries where !allowed.contains(entry.tag) {
                violations.append("EXIF \(ExifTagNames.name(entry.tag)) in \(directory.rawValue)")
            }
        }
        if let orientation = directories.entry(SchoolExifTag.orientation, in: .ifd0),
           directories.shortValue(orientation) != 1 {
            violations.append("EXIF Orientation other than 1")
        }
        return violations
    }

    static func describe(_ marker: UInt8, _ payload: ArraySlice<UInt8>) -> String {
        let hex = "0x" + String(marker, radix: 16, uppercase: true)
        if marker == 0xE1 && payload.starts(with: Array(ascii: "http://ns.adobe.com/xap/1.0/")) { return "XMP metadata" }
        if marker == 0xE1 && payload.starts(with: Array(ascii: "http://ns.adobe.com/xmp/extension/")) { return "extended XMP metadata" }
        if marker == 0xE2 && payload.starts(with: Array(ascii: "MPF")) { return "an MPF secondary image index" }
        if marker == 0xE2 && payload.starts(with: Array(ascii: "ICC_PROFILE")) { return "an ICC profile" }
        if marker == 0xED { return "IPTC/Photoshop metadata" }
        if marker == 0xFE { return "a JPEG comment" }
        if (0xE0...0xEF).contains(marker) { return "application segment APP\(marker - 0xE0) (\(hex))" }
        return "unexpected segment \(hex)"
    }
}
