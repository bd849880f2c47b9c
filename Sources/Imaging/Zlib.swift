import CZlib

/// zlib's inflate, for the compressed metadata a PNG or HEIC may carry.
public enum Zlib {
    /// The decompressed bytes, or nil if the stream is broken or longer than `limit`.
    @Sendable public static func inflate(_ compressed: [UInt8], limit: Int) -> [UInt8]? {
        guard limit > 0 else { return nil }
        var output = [UInt8](repeating: 0, count: limit)
        let written = compressed.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                cg_inflate(input.baseAddress, input.count, out.baseAddress, out.count)
            }
        }
        guard written >= 0 else { return nil }
        output.removeSubrange(Int(written)...)
        return output
    }
}
