import CShims
import CVips

/// One libvips image, owned: the reference is dropped exactly once, when
/// this object goes. Never leaves the Imaging module.
final class VImage {
    let pointer: UnsafeMutablePointer<VipsImage>

    init(owning pointer: UnsafeMutablePointer<VipsImage>) {
        self.pointer = pointer
    }

    deinit { cg_unref(pointer) }

    /// Runs a libvips operation that writes one output image.
    static func make(
        _ operation: (UnsafeMutablePointer<UnsafeMutablePointer<VipsImage>?>) -> Int32
    ) throws(VipsError) -> VImage {
        var out: UnsafeMutablePointer<VipsImage>?
        guard operation(&out) == 0, let image = out else {
            if let out { cg_unref(out) }
            throw VipsError(message: Vips.takeErrorMessage())
        }
        return VImage(owning: image)
    }

    /// Runs an operation with this image as its input.
    func then(
        _ operation: (UnsafeMutablePointer<VipsImage>, UnsafeMutablePointer<UnsafeMutablePointer<VipsImage>?>) -> Int32
    ) throws(VipsError) -> VImage {
        try VImage.make { out in operation(pointer, out) }
    }

    var width: Int { Int(vips_image_get_width(pointer)) }
    var height: Int { Int(vips_image_get_height(pointer)) }
    var bands: Int { Int(vips_image_get_bands(pointer)) }
    var hasAlpha: Bool { vips_image_hasalpha(pointer) != 0 }
    var interpretation: VipsInterpretation { vips_image_get_interpretation(pointer) }
    var format: VipsBandFormat { vips_image_get_format(pointer) }

    func has(_ field: String) -> Bool { cg_has_field(pointer, field) != 0 }

    func int(_ field: String) -> Int? {
        var value: Int32 = 0
        return cg_image_get_int(pointer, field, &value) == 0 ? Int(value) : nil
    }

    func blob(_ field: String) -> [UInt8]? {
        guard has(field) else { return nil }
        var data: UnsafeRawPointer?
        var length = 0
        guard vips_image_get_blob(pointer, field, &data, &length) == 0, let data, length > 0 else { return nil }
        return Array(UnsafeRawBufferPointer(start: data, count: length))
    }

    var fieldNames: [String] {
        guard let names = cg_field_names(pointer) else { return [] }
        defer { g_strfreev(names) }
        var result: [String] = []
        var index = 0
        while let name = names[index] {
            result.append(String(cString: name))
            index += 1
        }
        return result
    }

    /// Renders the pipeline into memory, so later steps read it many times cheaply.
    func inMemory() throws(VipsError) -> VImage {
        guard let copy = vips_image_copy_memory(pointer) else {
            throw VipsError(message: Vips.takeErrorMessage())
        }
        return VImage(owning: copy)
    }

    /// Pixels as interleaved 8-bit samples (for hashing and tests).
    func pixels() throws(VipsError) -> [UInt8] {
        var size = 0
        guard let memory = vips_image_write_to_memory(pointer, &size) else {
            throw VipsError(message: Vips.takeErrorMessage())
        }
        defer { g_free(memory) }
        return Array(UnsafeRawBufferPointer(start: memory, count: size))
    }
}
