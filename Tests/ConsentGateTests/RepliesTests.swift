@testable import ConsentGate
import Foundation
import Testing
import TestSupport

/// The replies folder lives in an inbox its owner writes in: what she puts
/// there is never written through, and a reply is never repeated.
@Suite("Replies: written safely inside an inbox someone else controls")
struct RepliesFolderTests {
    let scratch = TemporaryDirectory()
    var inbox: String { scratch.path }
    var folder: String { inbox + "/replies" }

    func note(_ name: String, seq: Int, approved: Bool = false, derivative: String? = nil) -> ReplyNote {
        let reasons = approved ? [] : [Reason(.personNoConsent, "Ruby Clarke (P003): consent for Facebook was declined.")]
        let outcome = GateOutcome(file: "/x", status: approved ? .approved : .rejected, reasons: reasons, channel: "facebook",
                                  derivative: derivative, rejectedFolder: nil, sha256: nil, ledgerSeq: seq, repeated: false, removed: [])
        return ReplyNote(name: name, outcome: outcome, decidedAt: Date(timeIntervalSince1970: 1_796_220_000),
                         timeZone: TimeZone(identifier: "Europe/London")!)
    }

    var names: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted() }

    @Test func aNoteSaysTheDecisionEveryReasonAndTheEntry() throws {
        try Replies(inbox: inbox).file(note("IMG_0001.jpg", seq: 7))
        #expect(names == ["IMG_0001.jpg - not published.txt"])
        let text = try String(contentsOfFile: folder + "/" + names[0], encoding: .utf8)
        #expect(text == """
            IMG_0001.jpg was not published to facebook.

            Why:
            - Ruby Clarke (P003): consent for Facebook was declined. [person.no-consent]

            Fix what is listed and put the photo in your inbox again,
            or ask the person responsible for the consent register.

            Decided 2 December 2026 at 14:00. Ledger entry 7.

            """)
    }

    @Test func thePublishedCopyGoesBesideItsNote() throws {
        let derivative = try scratch.write(Array("jpeg bytes".utf8), to: "published.jpg")
        try Replies(inbox: inbox).file(note("trip.jpg", seq: 3, approved: true, derivative: derivative))
        #expect(names == ["trip.jpg - published.jpg", "trip.jpg - published.txt"])
        #expect(try Paths.read(folder + "/trip.jpg - published.jpg") == Array("jpeg bytes".utf8))
    }

    @Test func theSameDecisionReplacesItsNoteAndAnotherGetsANumber() throws {
        let replies = Replies(inbox: inbox)
        try replies.file(note("IMG_0001.jpg", seq: 7))
        try replies.file(note("IMG_0001.jpg", seq: 7))  // gated again after a crash
        #expect(names == ["IMG_0001.jpg - not published.txt"])
        try replies.file(note("IMG_0001.jpg", seq: 9))  // another photo, the same name
        try replies.file(note("IMG_0001.jpg", seq: 12))
        #expect(names == ["IMG_0001.jpg - not published (2).txt", "IMG_0001.jpg - not published (3).txt", "IMG_0001.jpg - not published.txt"])
        #expect(try String(contentsOfFile: folder + "/IMG_0001.jpg - not published (3).txt", encoding: .utf8).hasSuffix("Ledger entry 12.\n"))
    }

    @Test func aNameThatWouldLeaveTheFolderOrHideStaysInIt() throws {
        try Replies(inbox: inbox).file(note("../..//.hidden", seq: 1))
        #expect(names == ["_..__.hidden - not published.txt"])
    }

    /// A link put where the folder goes is not followed; nothing is written where it points.
    @Test func aLinkInPlaceOfTheFolderIsNotFollowed() throws {
        let elsewhere = scratch.file("elsewhere")
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: false)
        #expect(symlink(elsewhere, folder) == 0)
        #expect(throws: RepliesError.self) { try Replies(inbox: inbox).file(note("IMG_0001.jpg", seq: 7)) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
    }

    /// A folder someone else made (here: owned by nobody) is not the service's: not written to.
    @Test func aFolderMadeByAnotherAccountIsNotWrittenTo() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        #expect(chown(folder, 65534, 65534) == 0, "the tests run as root")
        #expect(throws: RepliesError.self) { try Replies(inbox: inbox).file(note("IMG_0001.jpg", seq: 7)) }
        #expect(names.isEmpty)
        #expect(!Replies.isRepliesFolder(folder), "so it is gated as a dropped folder")
    }

    /// A link put at the note's name is replaced, its target untouched.
    @Test func aLinkAtTheNotesNameIsReplacedNotWrittenThrough() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let target = try scratch.write(Array("the service's own file".utf8), to: "target")
        #expect(symlink(target, folder + "/IMG_0001.jpg - not published.txt") == 0)
        try Replies(inbox: inbox).file(note("IMG_0001.jpg", seq: 7))
        #expect(try Paths.read(target) == Array("the service's own file".utf8))
        var info = stat()
        #expect(lstat(folder + "/IMG_0001.jpg - not published.txt", &info) == 0 && info.st_mode & S_IFMT == S_IFREG)
    }

    @Test func oldRepliesArePrunedAndNewOnesKept() throws {
        let replies = Replies(inbox: inbox)
        try replies.file(note("old.jpg", seq: 1))
        try replies.file(note("new.jpg", seq: 2))
        var times = [timespec(tv_sec: 1_000_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000_000, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, folder + "/old.jpg - not published.txt", &times, AT_SYMLINK_NOFOLLOW) == 0)
        try replies.prune(olderThan: 30 * 86_400)
        #expect(names == ["new.jpg - not published.txt"])
    }
}
