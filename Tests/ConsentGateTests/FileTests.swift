import ConsentGate
import Foundation
import Testing
import TestSupport

@Suite("Reading submitted files and writing durable ones")
struct FileTests {
    @Test func symbolicLinkIsNotFollowed() throws {
        let scratch = TemporaryDirectory()
        let target = try scratch.write(Array("secret".utf8), to: "target.jpg")
        let link = scratch.file("link.jpg")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(throws: FileRefusal(.symbolicLink, "link.jpg is a symbolic link; the gate only takes real files.")) {
            try SubmittedFile.read(link, maxBytes: 1000)
        }
    }

    @Test func directoryAndFifoAreNotRegularFiles() throws {
        let scratch = TemporaryDirectory()
        let fifo = scratch.file("pipe.jpg")
        #expect(mkfifo(fifo, 0o600) == 0)
        for path in [scratch.path, fifo] {
            do {
                _ = try SubmittedFile.read(path, maxBytes: 1000)
                Issue.record("\(path) was read")
            } catch {
                #expect(error.code == .notRegular)
            }
        }
    }

    @Test func missingAndOversizedFilesAreRefused() throws {
        let scratch = TemporaryDirectory()
        do {
            _ = try SubmittedFile.read(scratch.file("nope.jpg"), maxBytes: 10)
            Issue.record("missing file was read")
        } catch {
            #expect(error.code == .missing)
        }
        let big = try scratch.write([UInt8](repeating: 1, count: 100), to: "big.jpg")
        do {
            _ = try SubmittedFile.read(big, maxBytes: 99)
            Issue.record("oversized file was read")
        } catch {
            #expect(error.code == .tooLarge)
        }
    }

    @Test func readsExactlyTheBytesAndTheOwner() throws {
        let scratch = TemporaryDirectory()
        let bytes = (0 ..< 200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let path = try scratch.write(bytes, to: "photo.jpg")
        let file = try SubmittedFile.read(path, maxBytes: 1_000_000)
        #expect(file.bytes == bytes)
        #expect(file.ownerUID == getuid())
        #expect(file.linkCount == 1)
    }

    @Test func durableWriteReplacesWholeAndLeavesNoTemporaryFiles() throws {
        let scratch = TemporaryDirectory()
        let path = scratch.file("out.jpg")
        try DurableFile.write(Array("first".utf8), to: path)
        try DurableFile.write(Array("second version".utf8), to: path, mode: 0o600)
        #expect(try Paths.read(path) == Array("second version".utf8))
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["out.jpg"])
    }

    @Test func durableWriteIntoAMissingFolderFailsCleanly() {
        #expect(throws: DurableFileError.self) {
            try DurableFile.write([1, 2, 3], to: "/nonexistent-folder/out.jpg")
        }
    }
}
