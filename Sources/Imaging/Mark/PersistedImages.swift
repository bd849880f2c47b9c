import CShims
import CVips
import Foundation

/// Small images that are slow to make and the same every time: glyph masks
/// (starting Pango and fontconfig costs about 15 ms and 4 MB per process) and
/// composed watermarks (a logo decode and resize). Each is kept in memory
/// and, when a cache folder is set, as a PNG there, so that the next process
/// loads it instead of making it again.
final class PersistedImages: @unchecked Sendable {
    static let shared = PersistedImages()

    private let lock = NSLock()
    private var images: [String: VImage] = [:]
    private var directory: String?
    private static let capacity = 64

    func persist(in directory: String?) {
        lock.withLock { self.directory = directory }
    }

    /// The image for `key`, made by `make` only when neither memory nor disk
    /// has it. `make` runs outside the lock: it may need other cached images.
    func image(_ key: String, bands: Int, make: () throws(VipsError) -> VImage) throws(VipsError) -> VImage {
        let file: String? = lock.withLock {
            directory.map { "\($0)/\(Self.hash(key)).png" }
        }
        if let image = lock.withLock({ images[key] }) { return image }
        var image: VImage?
        if let file, FileManager.default.fileExists(atPath: file) {
            image = try? VImage.make { out in
                out.pointee = cg_image_from_file(file)
                return out.pointee == nil ? -1 : 0
            }.then { cg_label_srgb($0, $1) }.inMemory()
            if image?.bands != bands { image = nil }
        }
        if image == nil {
            let made = try make().inMemory()
            if let file { Self.save(made, to: file) }
            image = made
        }
        lock.withLock {
            if images.count >= Self.capacity { images.removeAll() }
            images[key] = image
        }
        return image!
    }

    /// Best effort: a cache that cannot be written only costs time.
    private static func save(_ image: VImage, to file: String) {
        let temporary = file + ".\(getpid()).tmp.png"
        if cg_pngsave(image.pointer, temporary) == 0 {
            rename(temporary, file)
        } else {
            _ = Vips.takeErrorMessage()
            unlink(temporary)
        }
    }

    /// FNV-1a, 64 bit: a stable file name, not a security boundary.
    static func hash(_ key: String) -> String { hash(Array(key.utf8)) }

    static func hash(_ bytes: [UInt8]) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            value ^= UInt64(byte)
            value &*= 0x100_0000_01b3
        }
        return String(value, radix: 16)
    }
}
