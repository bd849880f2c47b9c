/// What libheif 1.15 does not tell about a HEIF file's primary image, read
/// from the file's 'meta' box with every offset bounds-checked: the order of
/// its properties, and the size a grid declares in its own data.
public struct HEIFMeta: Sendable {
    public struct Property: Sendable, Equatable {
        public let type: String
        public let payload: ArraySlice<UInt8>
    }

    /// The primary image's properties, in the order the file associates them.
    public let primaryProperties: [Property]
    /// The output size the primary declares in its grid data; nil if it is
    /// not a grid.
    public let gridSize: Size?
    /// Every decoder configuration in the file ('hvcC', 'av1C'): a grid's
    /// are its tiles', an alpha plane has its own.
    public let codings: [Property]

    public struct Size: Sendable, Equatable {
        public let width: Int, height: Int

        public init(width: Int, height: Int) {
            self.width = width
            self.height = height
        }
    }

    /// Nil if the boxes this needs are missing, out of bounds or ambiguous.
    public init?(_ bytes: [UInt8]) {
        let reader = ByteReader(bytes)
        guard let top = Self.boxes(reader, 0 ..< bytes.count),
              let meta = top.first(where: { $0.type == "meta" }), meta.body.count >= 4,
              let children = Self.boxes(reader, meta.body.lowerBound + 4 ..< meta.body.upperBound),
              let pitm = Self.only("pitm", in: children), let primary = Self.itemID(reader, fullBoxAt: pitm.body.lowerBound),
              let iprp = Self.only("iprp", in: children), let properties = Self.boxes(reader, iprp.body),
              let ipco = Self.only("ipco", in: properties), let list = Self.boxes(reader, ipco.body),
              let associated = Self.associations(of: primary, in: properties.filter { $0.type == "ipma" }, reader)
        else { return nil }
        var found: [Property] = []
        for index in associated {
            guard index >= 1, index <= list.count else { return nil }
            found.append(Property(type: list[index - 1].type, payload: bytes[list[index - 1].body]))
        }
        primaryProperties = found
        codings = list.filter { $0.type == "hvcC" || $0.type == "av1C" }.map { Property(type: $0.type, payload: bytes[$0.body]) }
        guard let type = Self.itemType(of: primary, in: children, reader) else { return nil }
        if type == "grid" {
            guard let data = Self.itemData(of: primary, in: children, reader), let flags = reader.u8(data.lowerBound + 1) else { return nil }
            let field = flags & 1 == 1 ? 4 : 2  // output width and height, after version, flags, rows, columns
            guard data.count >= 4 + 2 * field, let width = Self.number(reader, data.lowerBound + 4, size: field),
                  let height = Self.number(reader, data.lowerBound + 4 + field, size: field) else { return nil }
            gridSize = Size(width: width, height: height)
        } else {
            gridSize = nil
        }
    }

    /// The primary's size before any rotation ('ispe').
    public var size: Size? {
        guard let ispe = primaryProperties.first(where: { $0.type == "ispe" }), ispe.payload.count >= 12 else { return nil }
        let reader = ByteReader(Array(ispe.payload))
        return Size(width: Int(reader.u32(4)!), height: Int(reader.u32(8)!))
    }

    /// A quarter turn ('irot' of 90 or 270 degrees) listed before the size:
    /// the order Sony cameras write, after which libheif 1.15 announces the
    /// unturned size and decodes the turned picture.
    public var turnsAQuarterBeforeItsSize: Bool {
        guard let turn = primaryProperties.firstIndex(where: { $0.type == "irot" }),
              let size = primaryProperties.firstIndex(where: { $0.type == "ispe" }), turn < size,
              let angle = primaryProperties[turn].payload.first else { return false }
        return angle & 3 == 1 || angle & 3 == 3
    }

    /// What libheif 1.15 holds per pixel of the primary while decoding it to
    /// 8-bit RGB: the whole picture's planes at their bit depth and chroma
    /// subsampling, as much again for its colour conversion (measured: an
    /// 8-bit 4:2:0 grid of 100 megapixels peaks near 590 MB), a 16-bit RGB
    /// copy when they are deeper than 8 bits, the 8-bit RGB result, and an
    /// alpha plane and channel if there is one. A configuration that cannot
    /// be read counts as the costliest.
    public var decodeBytesPerPixel: Double {
        var planes = 0.0, deep = false, mono = false, colour = false
        for coding in codings {
            guard let format = Self.sampling(coding) else { return Self.costliest }
            planes = max(planes, 2 * format.planes * Double(format.bytes))
            deep = deep || format.bytes == 2
            if format.planes == 1 { mono = true } else { colour = true }
        }
        if codings.isEmpty { return Self.costliest }
        let alpha = mono && colour
        return planes + (deep ? 6 : 0) + (alpha ? 4 + (deep ? 2 : 1) : 3)
    }

    /// 4:4:4 at 16 bits, twice, a 16-bit copy, RGBA and a 16-bit alpha.
    static let costliest = 2 * 3 * 2 + 6 + 4 + 2.0

    /// Samples per pixel over all planes (4:2:0 is 1.5) and bytes per sample.
    static func sampling(_ coding: Property) -> (planes: Double, bytes: Int)? {
        let bytes = Array(coding.payload)
        switch coding.type {
        case "hvcC":
            guard bytes.count >= 19 else { return nil }
            let planes: [Double] = [1, 1.5, 2, 3]
            let depth = 8 + Int(max(bytes[17] & 7, bytes[18] & 7))
            return (planes[Int(bytes[16] & 3)], depth > 8 ? 2 : 1)
        case "av1C":
            guard bytes.count >= 3 else { return nil }
            let flags = bytes[2]
            let planes: Double = flags & 0x10 != 0 ? 1 : flags & 0x0C == 0x0C ? 1.5 : flags & 0x0C == 0 ? 3 : 2
            return (planes, flags & 0x40 != 0 ? 2 : 1)
        default:
            return nil
        }
    }

    /// A grid lays out its tiles at the size its data declares (libheif),
    /// a viewer may use the primary's 'ispe': they must be the same.
    public var gridAgreesWithSize: Bool {
        guard let gridSize else { return true }
        return gridSize == size
    }

    typealias Box = (type: String, body: Range<Int>)

    /// The boxes in `range`, or nil if one runs past it.
    static func boxes(_ reader: ByteReader, _ range: Range<Int>) -> [Box]? {
        var found: [Box] = []
        var at = range.lowerBound
        while at < range.upperBound {
            guard range.upperBound - at >= 8, let size32 = reader.u32(at), let type = reader.slice(at + 4, 4) else { return nil }
            var (size, header) = (Int(size32), 8)
            if size32 == 1 {
                guard let high = reader.u32(at + 8), let low = reader.u32(at + 12) else { return nil }
                let large = UInt64(high) << 32 | UInt64(low)
                guard large <= UInt64(range.upperBound - at) else { return nil }
                (size, header) = (Int(large), 16)
            } else if size32 == 0 {
                size = range.upperBound - at
            }
            guard size >= header, size <= range.upperBound - at else { return nil }
            found.append((String(decoding: type, as: UTF8.self), at + header ..< at + size))
            at += size
        }
        return found
    }

    static func only(_ type: String, in boxes: [Box]) -> Box? {
        let matching = boxes.filter { $0.type == type }
        return matching.count == 1 ? matching[0] : nil
    }

    /// A full box's item ID right after its version and flags: 16 bits in
    /// version 0, 32 after.
    static func itemID(_ reader: ByteReader, fullBoxAt offset: Int) -> Int? {
        guard let version = reader.u8(offset) else { return nil }
        return number(reader, offset + 4, size: version == 0 ? 2 : 4)
    }

    /// A big-endian unsigned number of `size` bytes (0, 1, 2, 4 or 8; a
    /// size of 0 is a field the file left out, read as 0). Nil past the
    /// end, and for 8 bytes past 2^52, which no offset in a file reaches.
    static func number(_ reader: ByteReader, _ offset: Int, size: Int) -> Int? {
        switch size {
        case 0: return 0
        case 1: return reader.u8(offset).map(Int.init)
        case 2: return reader.u16(offset).map(Int.init)
        case 4: return reader.u32(offset).map(Int.init)
        case 8:
            guard let high = reader.u32(offset), let low = reader.u32(offset + 4), high < 1 << 20 else { return nil }
            return Int(high) << 32 | Int(low)
        default: return nil
        }
    }

    /// The property indices associated with `item`, in order; nil if the
    /// item is listed more than once (their order would be in doubt).
    static func associations(of item: Int, in ipmas: [Box], _ reader: ByteReader) -> [Int]? {
        var found: [Int]?
        for ipma in ipmas {
            var at = ipma.body.lowerBound
            guard let version = reader.u8(at), let flags = reader.u8(at + 3), let count = reader.u32(at + 4) else { return nil }
            at += 8
            for _ in 0 ..< count {
                let idSize = version < 1 ? 2 : 4
                guard let id = number(reader, at, size: idSize), let associations = reader.u8(at + idSize) else { return nil }
                at += idSize + 1
                // Each association: an "essential" bit, then the property's index.
                let (entrySize, index) = flags & 1 == 1 ? (2, 0x7FFF) : (1, 0x7F)
                var indices: [Int] = []
                for _ in 0 ..< associations {
                    guard let value = number(reader, at, size: entrySize) else { return nil }
                    indices.append(value & index)
                    at += entrySize
                    guard at <= ipma.body.upperBound else { return nil }
                }
                guard at <= ipma.body.upperBound else { return nil }
                if id == item {
                    guard found == nil else { return nil }
                    found = indices
                }
            }
        }
        return found
    }

    /// The item's four-letter type from its 'infe' (versions 2 and 3).
    static func itemType(of item: Int, in children: [Box], _ reader: ByteReader) -> String? {
        guard let iinf = only("iinf", in: children), let version = reader.u8(iinf.body.lowerBound) else { return nil }
        let entries = iinf.body.lowerBound + (version == 0 ? 6 : 8)
        guard entries <= iinf.body.upperBound, let infes = boxes(reader, entries ..< iinf.body.upperBound) else { return nil }
        var type: String?
        for infe in infes where infe.type == "infe" {
            let at = infe.body.lowerBound
            guard let version = reader.u8(at), version >= 2 else { continue }
            guard let id = number(reader, at + 4, size: version == 2 ? 2 : 4) else { return nil }
            guard id == item else { continue }
            let typeAt = at + (version == 2 ? 8 : 10)
            guard type == nil, typeAt + 4 <= infe.body.upperBound, let bytes = reader.slice(typeAt, 4) else { return nil }
            type = String(decoding: bytes, as: UTF8.self)
        }
        return type
    }

    /// The item's bytes, as 'iloc' places them (one extent, in the file or
    /// in 'idat'): enough for a grid's few bytes.
    static func itemData(of item: Int, in children: [Box], _ reader: ByteReader) -> Range<Int>? {
        guard let iloc = only("iloc", in: children) else { return nil }
        var at = iloc.body.lowerBound
        guard let version = reader.u8(at), version <= 2, let sizes = reader.u16(at + 4) else { return nil }
        let (offsetSize, lengthSize) = (Int(sizes >> 12), Int(sizes >> 8 & 0xF))
        let (baseSize, indexSize) = (Int(sizes >> 4 & 0xF), version == 0 ? 0 : Int(sizes & 0xF))
        guard [offsetSize, lengthSize, baseSize, indexSize].allSatisfy({ [0, 4, 8].contains($0) }) else { return nil }
        at += 6
        /// The next field, `size` bytes.
        func next(_ size: Int) -> Int? {
            defer { at += size }
            return number(reader, at, size: size)
        }
        let idSize = version < 2 ? 2 : 4
        // libheif's limits (20,000 items, 32 extents each): zero-width
        // fields must not describe billions of extents.
        guard let count = next(idSize), count <= 20_000 else { return nil }
        for _ in 0 ..< count {
            guard let id = next(idSize) else { return nil }
            var method = 0
            if version >= 1 {
                guard let value = next(2) else { return nil }
                method = value & 0xF
            }
            guard next(2) != nil,  // data_reference_index
                  let base = next(baseSize), let extents = next(2), extents <= 32 else { return nil }
            var placed: [(offset: Int, length: Int)] = []
            for _ in 0 ..< extents {
                guard next(indexSize) != nil, let offset = next(offsetSize), let length = next(lengthSize) else { return nil }
                placed.append((offset, length))
            }
            guard at <= iloc.body.upperBound else { return nil }
            guard id == item else { continue }
            guard placed.count == 1, method <= 1 else { return nil }
            var bounds = 0 ..< reader.count
            if method == 1 {
                guard let idat = only("idat", in: children) else { return nil }
                bounds = idat.body
            }
            let start = bounds.lowerBound + base + placed[0].offset
            let end = placed[0].length == 0 ? bounds.upperBound : start + placed[0].length
            guard start <= end, end <= bounds.upperBound else { return nil }
            return start ..< end
        }
        return nil
    }
}
