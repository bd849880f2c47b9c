import ImageStructure

/// Step 7: read the finished bytes back with a parser that shares no code
/// with the steps that wrote them. Anything outside the allowlist means the
/// photo is not published.
enum Verify {
    static func run(_ jpeg: [UInt8], keep: [KeepableExifTag], width: Int, height: Int) throws(ImageRefusal) {
        let report = DerivativeCheck(allowlist: .init(keeping: keep)).inspect(jpeg)
        guard report.isClean else {
            throw ImageRefusal(.metadataUnremovable, "The finished photo still carried " + report.violations.joined(separator: "; ") + ", so it was not published.")
        }
        guard report.width == width, report.height == height else {
            throw ImageRefusal(.processingFailed, "The finished photo is \(report.width) x \(report.height), not the \(width) x \(height) that was rendered.")
        }
    }
}
