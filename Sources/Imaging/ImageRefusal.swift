/// Why a photo cannot become a derivative: a stable code for machines and a
/// sentence for the member of staff who sent it.
public struct ImageRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, CaseIterable {
        case unsupportedFormat = "image.unsupported-format"
        case truncated = "image.truncated"
        case corrupt = "image.corrupt"
        case tooLarge = "image.too-large"
        case unusualShape = "image.unusual-shape"
        case metadataUnremovable = "metadata.unremovable"
        case metadataUnreadable = "metadata.unreadable"
        case processingFailed = "image.processing-failed"
        case timeout = "image.timeout"
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
