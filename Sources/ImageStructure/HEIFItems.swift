/// Every item a HEIF file's 'meta' box lists ('iinf'), with its bytes as
/// 'iloc' places them: for the metadata items (XMP, EXIF) that libvips 8.14
/// does not hand on. Every offset is bounds-checked.
struct HEIFItems {
    struct Problem: Error { let reason: String }

    struct Item {
        let id: Int
        let type: String
        /// For 'mime' items: the MIME type and the content encoding ("" if none).
        let contentType: String
        let contentEncoding: String
        let data: [UInt8]
    }

    /// Items of these types are read; the pictures' own data is left alone.
    static let readTypes: Set<String> = ["mime", "Exif"]
    /// More item data than this is not metadata.
    static let dataLimit = EmbeddedXMP.sizeLimit

    let items: [Item]

    init(_ reader: ByteReader, meta: HEIFMeta.Box) throws(Problem) {
        guard meta.body.count >= 4, let children = HEIFMeta.boxes(reader, meta.body.lowerBound + 4 ..< meta.body.upperBound) else {
            throw Problem(reason: "its description box is malformed")
        }
        let infos = try Self.infos(reader, children)
        let wanted = infos.filter { Self.readTypes.contains($0.type) }
        guard !wanted.isEmpty else { items = []; return }
        let locations = try Self.locations(reader, children)
        var items: [Item] = []
        for info in wanted {
            guard let location = locations[info.id] else { throw Problem(reason: "item \(info.id) has no location") }
            items.append(Item(id: info.id, type: info.type, contentType: info.contentType,
                              contentEncoding: info.contentEncoding, data: try Self.data(location, reader, children)))
        }
        self.items = items
    }

    typealias Info = (id: Int, type: String, contentType: String, contentEncoding: String)

    /// 'infe' boxes of every version: 0 and 1 describe MIME content only;
    /// 2 and 3 name the item's type, and 'mime' items their content type.
    static func infos(_ reader: ByteReader, _ children: [HEIFMeta.Box]) throws(Problem) -> [Info] {
        let iinfs = children.filter { $0.type == "iinf" }
        guard iinfs.count <= 1 else { throw Problem(reason: "two item lists") }
        guard let iinf = iinfs.first, let version = reader.u8(iinf.body.lowerBound) else { return [] }
        let entries = iinf.body.lowerBound + (version == 0 ? 6 : 8)
        guard entries <= iinf.body.upperBound, let infes = HEIFMeta.boxes(reader, entries ..< iinf.body.upperBound) else {
            throw Problem(reason: "the item list is malformed")
        }
        var infos: [Info] = []
        var seen: Set<Int> = []
        for infe in infes where infe.type == "infe" {
            var at = infe.body.lowerBound
            guard let version = reader.u8(at) else { throw Problem(reason: "an item entry is empty") }
            at += 4
            let idSize = version == 3 ? 4 : 2
            guard let id = HEIFMeta.number(reader, at, size: idSize) else { throw Problem(reason: "an item entry is cut short") }
            at += idSize + 2  // protection index
            var type = "mime"
            if version >= 2 {
                guard let bytes = reader.slice(at, 4) else { throw Problem(reason: "an item entry is cut short") }
                type = String(decoding: bytes, as: UTF8.self)
                at += 4
            }
            var strings: [String] = []
            // item_name, then for MIME content: content_type, content_encoding (optional).
            while strings.count < 3, at < infe.body.upperBound {
                guard let zero = reader.bytes[at ..< infe.body.upperBound].firstIndex(of: 0) else {
                    strings.append(String(decoding: reader.bytes[at ..< infe.body.upperBound], as: UTF8.self))
                    break
                }
                strings.append(String(decoding: reader.bytes[at ..< zero], as: UTF8.self))
                at = zero + 1
            }
            guard seen.insert(id).inserted else { throw Problem(reason: "item \(id) is listed twice") }
            let isMIME = type == "mime"
            infos.append((id, type, isMIME && strings.count > 1 ? strings[1] : "", isMIME && strings.count > 2 ? strings[2] : ""))
        }
        return infos
    }

    struct Location {
        let method: Int
        let base: Int
        let extents: [(offset: Int, length: Int)]
    }

    static func locations(_ reader: ByteReader, _ children: [HEIFMeta.Box]) throws(Problem) -> [Int: Location] {
        guard let iloc = HEIFMeta.only("iloc", in: children) else { throw Problem(reason: "no single item location box") }
        var at = iloc.body.lowerBound
        guard let version = reader.u8(at), version <= 2, let sizes = reader.u16(at + 4) else {
            throw Problem(reason: "the item locations are malformed")
        }
        let (offsetSize, lengthSize) = (Int(sizes >> 12), Int(sizes >> 8 & 0xF))
        let (baseSize, indexSize) = (Int(sizes >> 4 & 0xF), version == 0 ? 0 : Int(sizes & 0xF))
        guard [offsetSize, lengthSize, baseSize, indexSize].allSatisfy({ [0, 4, 8].contains($0) }) else {
            throw Problem(reason: "the item locations have odd field sizes")
        }
        at += 6
        func next(_ size: Int) throws(Problem) -> Int {
            guard at + size <= iloc.body.upperBound, let value = HEIFMeta.number(reader, at, size: size) else {
                throw Problem(reason: "the item locations are cut short")
            }
            at += size
            return value
        }
        let idSize = version < 2 ? 2 : 4
        var found: [Int: Location] = [:]
        // libheif's own limits: a crafted box of zero-width fields must not
        // describe billions of extents.
        let items = try next(idSize)
        guard items <= 20_000 else { throw Problem(reason: "the file lists \(items) items") }
        for _ in 0 ..< items {
            let id = try next(idSize)
            let method = version >= 1 ? (try next(2)) & 0xF : 0
            _ = try next(2)  // data_reference_index
            let base = try next(baseSize)
            var extents: [(Int, Int)] = []
            let count = try next(2)
            guard count <= 32 else { throw Problem(reason: "item \(id) is in \(count) pieces") }
            for _ in 0 ..< count {
                _ = try next(indexSize)
                extents.append((try next(offsetSize), try next(lengthSize)))
            }
            guard found[id] == nil else { throw Problem(reason: "item \(id) is placed twice") }
            found[id] = Location(method: method, base: base, extents: extents)
        }
        return found
    }

    /// The item's extents, joined: in the file (method 0) or in 'idat' (1).
    static func data(_ location: Location, _ reader: ByteReader, _ children: [HEIFMeta.Box]) throws(Problem) -> [UInt8] {
        var bounds = 0 ..< reader.count
        switch location.method {
        case 0: break
        case 1:
            guard let idat = HEIFMeta.only("idat", in: children) else { throw Problem(reason: "an item lies in a missing data box") }
            bounds = idat.body
        default:
            throw Problem(reason: "an item is built from other items")
        }
        var bytes: [UInt8] = []
        for extent in location.extents {
            let (start, overflow) = bounds.lowerBound.addingReportingOverflow(location.base)
            let (first, overflow2) = start.addingReportingOverflow(extent.offset)
            guard !overflow, !overflow2, first >= bounds.lowerBound, first <= bounds.upperBound else {
                throw Problem(reason: "an item lies outside the file")
            }
            let end = extent.length == 0 ? bounds.upperBound : first + extent.length
            guard end <= bounds.upperBound, end - first + bytes.count <= dataLimit else {
                throw Problem(reason: "an item lies outside the file or is too large")
            }
            bytes += reader.bytes[first ..< end]
        }
        return bytes
    }
}
