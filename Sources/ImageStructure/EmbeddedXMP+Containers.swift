extension EmbeddedXMP {
    static let pngKeyword = Array(ascii: "XML:com.adobe.xmp")

    /// PNG text chunks under XMP's keyword (iTXt, compressed or not; zTXt;
    /// tEXt), ImageMagick's hex-encoded raw profiles (`xmp`, `exif`, `APP1`),
    /// and eXIf.
    static func png(_ bytes: [UInt8], inflate: Inflate, into found: inout Found) throws(Problem) {
        let reader = ByteReader(bytes)
        var at = 8
        while let length = reader.u32(at), let type = reader.slice(at + 4, 4) {
            guard let data = reader.slice(at + 8, Int(length)) else { throw Problem("a PNG chunk runs past the end") }
            let name = String(decoding: type, as: UTF8.self)
            if name == "IEND" { return }
            if ["iTXt", "zTXt", "tEXt"].contains(name),
               let text = try pngText(name, data, inflate: inflate, limit: min(sizeLimit, found.remaining)) {
                switch text.keyword.map(lowercase) {
                case pngKeyword.map(lowercase): try found.add(text.value)
                case Array(ascii: "raw profile type xmp"): try found.add(try rawProfile(text.value))
                case Array(ascii: "raw profile type exif"): try exif(try rawProfile(text.value), into: &found)
                case Array(ascii: "raw profile type app1"):
                    // A JPEG APP1 payload as ImageMagick keeps it: XMP or EXIF.
                    let payload = try rawProfile(text.value)
                    if payload.starts(with: standardJPEG) {
                        try found.add(payload.dropFirst(standardJPEG.count))
                    } else {
                        try exif(payload, into: &found)
                    }
                default: break
                }
            } else if name == "eXIf" {
                try exif(Array(data), into: &found)
            }
            at += 12 + Int(length)
        }
    }

    /// A text chunk's keyword and its text, decompressed; nil for a chunk
    /// whose keyword is not one XMP is kept under (its text is not read).
    static func pngText(_ type: String, _ data: ArraySlice<UInt8>, inflate: Inflate,
                        limit: Int) throws(Problem) -> (keyword: [UInt8], value: [UInt8])? {
        guard let end = data.firstIndex(of: 0) else { return nil }
        let keyword = Array(data[data.startIndex ..< end])
        guard keyword == pngKeyword || rawProfiles.contains(keyword.map(lowercase)) else { return nil }
        var rest = data[(end + 1)...]
        var compressed = type == "zTXt"
        if type == "iTXt" {
            // compression flag, method, language tag\0, translated keyword\0
            guard rest.count >= 2 else { throw Problem("a PNG XMP chunk is cut short") }
            compressed = rest[rest.startIndex] == 1
            rest = rest.dropFirst(2)
            for _ in 0 ..< 2 {
                guard let zero = rest.firstIndex(of: 0) else { throw Problem("a PNG XMP chunk is cut short") }
                rest = rest[(zero + 1)...]
            }
        } else if type == "zTXt" {
            rest = rest.dropFirst()  // compression method
        }
        guard compressed else { return (keyword, Array(rest)) }
        guard let text = inflate(Array(rest), limit) else {
            throw Problem("a compressed PNG XMP chunk cannot be decompressed within \(limit / 1_048_576) MB")
        }
        return (keyword, text)
    }

    /// ImageMagick's raw profiles that may hold XMP, or EXIF with an XMLPacket.
    static let rawProfiles: Set<[UInt8]> = [
        Array(ascii: "raw profile type xmp"), Array(ascii: "raw profile type exif"), Array(ascii: "raw profile type app1"),
    ]

    /// ImageMagick's raw profile: "\nxmp\n  LENGTH\n" then hex digits over many lines.
    static func rawProfile(_ text: [UInt8]) throws(Problem) -> [UInt8] {
        let lines = text.split(separator: 0x0A, maxSplits: 2, omittingEmptySubsequences: true)
        guard lines.count == 3, let length = Int(String(decoding: lines[1], as: UTF8.self).trimmingSpaces), length <= sizeLimit else {
            throw Problem("a PNG raw XMP profile has no length")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length)
        var high: UInt8?
        for character in lines[2] {
            if character == 0x0A || character == 0x20 || character == 0x0D { continue }
            guard let nibble = hexValue(character) else { throw Problem("a PNG raw XMP profile is not hexadecimal") }
            if let first = high { bytes.append(first << 4 | nibble); high = nil } else { high = nibble }
        }
        guard high == nil, bytes.count == length else { throw Problem("a PNG raw XMP profile is incomplete") }
        return bytes
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x41 + 10
        case 0x61...0x66: c - 0x61 + 10
        default: nil
        }
    }

    static func lowercase(_ c: UInt8) -> UInt8 { (0x41...0x5A).contains(c) ? c + 0x20 : c }

    /// RIFF chunks: `XMP ` and `EXIF`.
    static func webp(_ bytes: [UInt8], into found: inout Found) throws(Problem) {
        let reader = ByteReader(bytes, bigEndian: false)
        guard let riffSize = reader.u32(4) else { throw Problem("the WebP file is cut short") }
        let end = min(bytes.count, 8 + Int(riffSize))
        var at = 12
        while at + 8 <= end {
            guard let type = reader.slice(at, 4), let size = reader.u32(at + 4),
                  Int(size) <= end - at - 8, let data = reader.slice(at + 8, Int(size)) else {
                throw Problem("a WebP chunk runs past the end")
            }
            switch String(decoding: type, as: UTF8.self) {
            case "XMP ": try found.add(data)
            case "EXIF": try exif(Array(data), into: &found)
            default: break
            }
            at += 8 + ((Int(size) + 1) & ~1)
        }
    }

    /// The XMP box of ISO media files (`uuid` with this id), which exiftool
    /// reads in a HEIC too.
    static let xmpUUID: [UInt8] = [0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8, 0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC]

    static func heif(_ bytes: [UInt8], inflate: Inflate, into found: inout Found) throws(Problem) {
        let reader = ByteReader(bytes)
        guard let top = HEIFMeta.boxes(reader, 0 ..< bytes.count) else { throw Problem("the HEIF file's boxes cannot be read") }
        for box in top where box.type == "uuid" && box.body.count >= 16 && reader.starts(with: xmpUUID, at: box.body.lowerBound) {
            try found.add(bytes[(box.body.lowerBound + 16) ..< box.body.upperBound])
        }
        let metas = top.filter { $0.type == "meta" }
        guard metas.count <= 1 else { throw Problem("the HEIF file has two descriptions") }
        guard let meta = metas.first else { return }
        let items: [HEIFItems.Item]
        do {
            items = try HEIFItems(reader, meta: meta).items
        } catch {
            throw Problem("the HEIF file's items cannot be read (\(error.reason))")
        }
        for item in items {
            if item.type == "mime", item.contentType.lowercased().hasPrefix("application/rdf+xml") {
                var data = item.data
                if !item.contentEncoding.isEmpty {
                    guard let inflated = inflate(data, min(sizeLimit, found.remaining)) else {
                        throw Problem("a compressed HEIF XMP item cannot be decompressed")
                    }
                    data = inflated
                }
                try found.add(data)
            } else if item.type == "Exif", item.data.count >= 4 {
                // A 4-byte offset from the end of itself to the TIFF header.
                let offset = Int(ByteReader(item.data, bigEndian: true).u32(0)!)
                guard offset <= item.data.count - 4 else { throw Problem("a HEIF Exif item points outside itself") }
                try exif(Array(item.data.dropFirst(4 + offset)), into: &found)
            }
        }
    }
}

extension String {
    var trimmingSpaces: Substring {
        var view = Substring(self)
        while view.first == " " { view.removeFirst() }
        while view.last == " " { view.removeLast() }
        return view
    }
}
