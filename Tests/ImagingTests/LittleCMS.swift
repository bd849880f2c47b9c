import Testing
import TestSupport

/// Little CMS's jpgicc (Debian liblcms2-utils): converts a JPEG through its
/// embedded profile to sRGB with lcms's defaults (perceptual intent).
enum LittleCMS {
    static func srgb(of path: String) throws -> [UInt8] {
        let scratch = TemporaryDirectory()
        let output = scratch.file("lcms.jpg")
        let run = try ChildProcess.run("/usr/bin/jpgicc", ["-q", "95", "-o", "*sRGB", path, output])
        #expect(run.status == 0, "jpgicc: \(run.stderr)")
        return try Paths.read(output)
    }
}
