/// A PNG chunk as the format writes it: length, type, data, CRC-32 (ISO
/// 3309) of type and data. For tests that add or replace one in a real PNG.
public enum PNGChunk {
    public static func make(type: [UInt8], data: [UInt8]) -> [UInt8] {
        bigEndian(UInt32(data.count)) + type + data + bigEndian(crc32(type + data))
    }

    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0 ..< 8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8((value >> $0) & 0xFF) } }
}
