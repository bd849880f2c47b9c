import CShims
import CVips
import Foundation

/// A face found in a picture: a box in the searched picture's pixels
/// (upright), and the detector's confidence, 0-100. Nothing else is kept:
/// faces are located and counted, never identified.
public struct FaceBox: Sendable, Equatable, Codable {
    public let x: Int
    public let y: Int
    public let width: Int
    public let height: Int
    public let score: Int
}

/// What a search found, and the size of the picture searched (the boxes'
/// coordinates), so that a caller can map them onto the picture it has.
public struct FaceSearch: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let faces: [FaceBox]
}

/// libfacedetection, loaded from where `Scripts/fetch-face-detector.py` put
/// it. Never silently skipped: a gate that cannot look says why.
public enum FaceDetector {
    public enum Availability: Sendable, Equatable {
        case ready
        case unavailable(String)
    }

    public struct Unavailable: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Faces the detector is less sure of than this are not counted.
    public static let minimumScore = 60

    /// Checked and loaded once per process.
    public static let availability: Availability = load()

    /// Why the detector cannot run here, or nil.
    public static var unavailableReason: String? {
        if case .unavailable(let reason) = availability { return reason }
        return nil
    }

    /// The long edge the gate searches a derivative at: the cost of a
    /// search grows with its area, and a small face shrunk with the picture
    /// is missed (FaceDetectorTests measures one).
    public static let searchEdge = 1024

    /// The faces in an image (any format the gate reads), searched at
    /// `longEdge` pixels at most.
    public static func search(_ bytes: [UInt8], longEdge: Int = 1024) throws -> FaceSearch {
        if case .unavailable(let reason) = availability { throw Unavailable(description: reason) }
        let (rgb, width, height) = try Fingerprint.small(bytes, .longEdge(longEdge)) { image throws(VipsError) in
            let upright = try image
                .then { cg_colourspace($0, $1, VIPS_INTERPRETATION_sRGB) }
                .then { cg_extract_band($0, $1, 0, 3) }
                .then { cg_cast($0, $1, VIPS_FORMAT_UCHAR) }
            return (try upright.pixels(), upright.width, upright.height)
        }
        return FaceSearch(width: width, height: height, faces: try detect(rgb: rgb, width: width, height: height))
    }

    /// Faces in 8-bit RGB pixels, `width` x `height`, row by row.
    static func detect(rgb: [UInt8], width: Int, height: Int) throws -> [FaceBox] {
        guard rgb.count == width * height * 3 else { throw Unavailable(description: "the picture's pixels do not match its size") }
        var bgr = rgb
        for pixel in stride(from: 0, to: bgr.count, by: 3) { bgr.swapAt(pixel, pixel + 2) }
        var found = [cg_face](repeating: cg_face(), count: 1024)
        let count = bgr.withUnsafeBufferPointer { pixels in
            cg_faces_detect(pixels.baseAddress, Int32(width), Int32(height), Int32(width * 3), &found, Int32(found.count))
        }
        guard count >= 0 else { throw Unavailable(description: "the face detector could not run") }
        return found.prefix(Int(min(count, Int32(found.count))))
            .filter { Int($0.score) >= minimumScore && $0.width > 0 && $0.height > 0 }
            .map { FaceBox(x: Int($0.x), y: Int($0.y), width: Int($0.width), height: Int($0.height), score: Int($0.score)) }
    }

    static func load() -> Availability {
        guard cg_faces_cpu_supported() != 0 else {
            return .unavailable("this computer's processor lacks the instructions (AVX2 and FMA) the face detector needs")
        }
        guard let library = libraryCandidates().first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            return .unavailable("the face detector is not installed (make install, or Scripts/fetch-face-detector.py)")
        }
        var error = [CChar](repeating: 0, count: 512)
        guard cg_faces_load(library, &error, Int32(error.count)) == 0 else {
            return .unavailable("the face detector at \(library) cannot be loaded: \(String(cString: error))")
        }
        return .ready
    }

    /// `$CONSENTGATE_FACE_DETECTOR`, else beside the program: installed
    /// (PREFIX/lib/consentgate/face-detector) or in the build folder.
    static func libraryCandidates() -> [String] {
        let file = "/yuface/libfacedetection.so"
        if let folder = ProcessInfo.processInfo.environment["CONSENTGATE_FACE_DETECTOR"] { return [folder + file] }
        let program = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: program).deletingLastPathComponent()
        var candidates: [String] = []
        while folder.path != "/" {
            candidates += [folder.path + "/lib/consentgate/face-detector" + file, folder.path + "/face-detector" + file,
                           folder.path + "/.build/face-detector" + file]
            folder.deleteLastPathComponent()
        }
        return candidates
    }
}
