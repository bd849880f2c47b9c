/// The values of chosen tags anywhere in a TIFF structure: every directory
/// of the main chain, their SubIFDs and EXIF directories, each visited once.
/// A directory that cannot be read is an error; entries of tags not asked
/// for are skipped whatever they hold.
enum TIFFTags {
    static let xmlPacket: UInt16 = 700
    static let photoshop: UInt16 = 34377
    static let subIFDs: UInt16 = 330
    static let exifIFD: UInt16 = 0x8769
    static let directoryLimit = 256

    static func values(of tags: Set<UInt16>, in bytes: [UInt8]) throws(EmbeddedXMP.Problem) -> [(UInt16, [UInt8])] {
        let bigEndian: Bool
        if bytes.starts(with: [0x49, 0x49, 0x2A, 0x00]) { bigEndian = false }
        else if bytes.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) { bigEndian = true }
        else { throw EmbeddedXMP.Problem("no TIFF header") }
        let reader = ByteReader(bytes, bigEndian: bigEndian)
        guard let first = reader.u32(4) else { throw EmbeddedXMP.Problem("no first directory") }
        var found: [(UInt16, [UInt8])] = []
        var pending = [Int(first)]
        // Every directory once, queued or visited: a pointer list repeated
        // in many entries must not grow the queue without bound.
        var seen: Set<Int> = [Int(first)]
        func queue(_ offset: Int) throws(EmbeddedXMP.Problem) {
            guard offset != 0, seen.insert(offset).inserted else { return }
            guard seen.count <= directoryLimit else { throw EmbeddedXMP.Problem("more than \(directoryLimit) directories") }
            pending.append(offset)
        }
        while let offset = pending.popLast() {
            guard offset != 0 else { continue }
            guard let count = reader.u16(offset), reader.slice(offset + 2, Int(count) * 12 + 4) != nil else {
                throw EmbeddedXMP.Problem("a directory lies outside the data")
            }
            for index in 0 ..< Int(count) {
                let at = offset + 2 + index * 12
                let tag = reader.u16(at)!, type = reader.u16(at + 2)!, n = Int(reader.u32(at + 4)!)
                guard tags.contains(tag) || tag == subIFDs || tag == exifIFD else { continue }
                guard let unit = ExifDirectories.typeSize[type] else { throw EmbeddedXMP.Problem("tag \(tag) has an unknown type") }
                let (size, overflow) = unit.multipliedReportingOverflow(by: n)
                guard !overflow, size <= reader.count else { throw EmbeddedXMP.Problem("tag \(tag) is too long") }
                let valueAt = size <= 4 ? at + 8 : Int(reader.u32(at + 8)!)
                guard let value = reader.slice(valueAt, size) else { throw EmbeddedXMP.Problem("tag \(tag) points outside the data") }
                if tags.contains(tag) {
                    found.append((tag, Array(value)))
                } else {
                    // Directory pointers: LONG or IFD, one each.
                    let pointers = ByteReader(Array(value), bigEndian: bigEndian)
                    guard unit == 4 else { throw EmbeddedXMP.Problem("a directory pointer is not a 32-bit offset") }
                    for index in 0 ..< n { try queue(Int(pointers.u32(index * 4)!)) }
                }
            }
            try queue(Int(reader.u32(offset + 2 + Int(count) * 12)!))
        }
        return found
    }
}
