import CVips
import Foundation

/// Glyph masks for the watermark and banner text. Rendering text starts
/// Pango and fontconfig (about 15 ms and 4 MB per process), so each mask is
/// kept in memory and, when a cache folder is set, as a PNG there: the next
/// process loads it instead.
final class TextMasks: @unchecked Sendable {
    static let shared = TextMasks()

    private let lock = NSLock()
    private var masks: [String: VImage] = [:]
    private var directory: String?

    func persist(in directory: String?) {
        lock.withLock { self.directory = directory }
    }

    func mask(_ text: String, font: String, width: Int, height: Int) throws(VipsFailure) -> VImage {
        let key = "\(width)x\(height)|\(font)|\(text)"
        lock.lock()
        defer { lock.unlock() }
        if let mask = masks[key] { return mask }
        let file = directory.map { "\($0)/text-\(Self.hash(key)).png" }
        var mask: VImage?
        if let file, FileManager.default.fileExists(atPath: file) {
            mask = try? VImage.make { out in
                out.pointee = cg_image_from_file(file)
                return out.pointee == nil ? -1 : 0
            }.inMemory()
            if let loaded = mask, loaded.bands != 1 || loaded.width > width || loaded.height > height { mask = nil }
        }
        if mask == nil {
            let rendered = try VImage.make { cg_text($0, text, font, Int32(width), Int32(height)) }.inMemory()
            if let file { Self.save(rendered, to: file) }
            mask = rendered
        }
        masks[key] = mask
        return mask!
    }

    /// Best effort: a cache that cannot be written only costs time.
    private static func save(_ mask: VImage, to file: String) {
        let temporary = file + ".\(getpid()).tmp.png"
        if cg_pngsave(mask.pointer, temporary) == 0 {
            rename(temporary, file)
        } else {
            _ = Vips.takeErrorMessage()
            unlink(temporary)
        }
    }

    /// FNV-1a, 64 bit: a stable file name, not a security boundary.
    static func hash(_ key: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            value ^= UInt64(byte)
            value &*= 0x100_0000_01b3
        }
        return String(value, radix: 16)
    }
}
