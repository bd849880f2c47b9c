import Foundation
import Testing
import TestSupport

/// Each staff member is told what became of every photo they dropped, in
/// their own inbox, and nobody else is (issue 15, point 5). Real OS
/// accounts: a service account owning the workspace, two staff members
/// outside its group.
@Suite("Replies in each staff member's inbox, end to end", .serialized, .timeLimit(.minutes(3)))
struct RepliesTests {
    let accounts: OSAccounts
    var service: String { accounts[0] }
    let workspace: TestWorkspace

    init() throws {
        accounts = try OSAccounts(["svc", "ta", "tb"])
        workspace = try TestWorkspace(designate: false, watch: WatchCommandTests.fast)
        try workspace.handOver(to: accounts[0], group: accounts[0])
        for (id, account) in [("TA", accounts[1]), ("TB", accounts[2])] {
            let added = try workspace.run(["staff", "add", id, "--account", account, "--channels", "facebook"])
            #expect(added.status == 0 && !added.stdout.contains("warning"), "\(added.stdout)\(added.stderr)")
        }
    }

    /// A file the staff accounts can read, outside the repository.
    func staged(_ bytes: [UInt8], as name: String) throws -> String {
        let path = try workspace.scratch.write(bytes, to: name)
        #expect(chmod(path, 0o644) == 0)
        return path
    }

    /// `account` copies `files` into its inbox, as itself.
    func drop(_ files: [String], as account: String, into staffID: String) throws {
        for file in files {
            let copied = try accounts.run(as: account, "/bin/cp", [file, workspace.root + "/inbox/" + staffID + "/"])
            #expect(copied.status == 0, "\(copied.stderr)")
        }
    }

    func read(_ path: String, as account: String) throws -> ChildProcess {
        try accounts.run(as: account, "/bin/cat", [workspace.root + "/" + path])
    }

    func list(_ path: String, as account: String) throws -> ChildProcess {
        try accounts.run(as: account, "/bin/ls", ["-1", workspace.root + "/" + path])
    }

    @Test func eachPersonReadsTheirOwnRepliesAndNoOneElses() throws {
        let (ta, tb) = (accounts[1], accounts[2])
        var info = stat()
        #expect(stat(workspace.root + "/inbox/TA", &info) == 0 && info.st_uid == accounts.uid(ta)
                && info.st_gid == accounts.gid(service) && info.st_mode & 0o7777 == 0o2770,
                "TA's inbox is TA's and the service's: uid \(info.st_uid), gid \(info.st_gid), mode \(String(info.st_mode & 0o7777, radix: 8))")
        let trip = try staged(try Paths.read(Fixture.schoolTrip), as: "trip.jpg")
        let sidecar = try staged(Array("nobody: true\n".utf8), as: "trip.yaml")
        let ruby = try staged(try Paths.read(Fixture.taggedRuby), as: "ruby.jpg")
        try drop([trip, sidecar, ruby], as: ta, into: "TA")
        try drop([trip, sidecar], as: tb, into: "TB")

        let result = try workspace.run(as: service, ["watch", "--once"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("no reply") && !result.stderr.contains("workspace's group"), "\(result.stderr)")
        #expect(try workspace.query("SELECT poster || ' ' || decision FROM ledger WHERE decision <> 'changed' ORDER BY poster, decision;")
                == ["TA approved", "TA rejected", "TB approved"])

        // TA reads her replies: the name she gave each photo, the decision, the reasons in words.
        let listed = try list("inbox/TA/replies", as: ta)
        #expect(listed.stdout.split(separator: "\n") == ["ruby.jpg - not published.txt", "trip.jpg - published.jpg", "trip.jpg - published.txt"],
                "\(listed.stdout)\(listed.stderr)")
        let refused = try read("inbox/TA/replies/ruby.jpg - not published.txt", as: ta)
        #expect(refused.status == 0 && refused.stdout.hasPrefix("ruby.jpg was not published to facebook."), "\(refused.stdout)")
        #expect(refused.stdout.contains("consent for Facebook was declined") && refused.stdout.contains("[person.no-consent]"))
        let approved = try read("inbox/TA/replies/trip.jpg - published.txt", as: ta)
        #expect(approved.stdout.hasPrefix("trip.jpg was published to facebook.") && approved.stdout.contains("GPS location"),
                "\(approved.stdout)")
        // The copy beside the note is what was published.
        let published = try workspace.query("SELECT derivative_path FROM ledger WHERE decision <> 'changed' AND poster = 'TA' AND decision = 'approved';")
        #expect(published.count == 1)
        #expect(try sha256(workspace.root + "/inbox/TA/replies/trip.jpg - published.jpg") == (try sha256(workspace.root + "/" + published[0])))

        // TB has her own, and cannot open TA's inbox, TA's replies, the list of inboxes or the database.
        #expect(try list("inbox/TB/replies", as: tb).stdout.split(separator: "\n") == ["trip.jpg - published.jpg", "trip.jpg - published.txt"])
        for denied in [try list("inbox/TA", as: tb), try read("inbox/TA/replies/ruby.jpg - not published.txt", as: tb),
                       try list("inbox", as: tb), try read("consentgate.sqlite", as: tb)] {
            #expect(denied.status != 0 && denied.stderr.contains("Permission denied"), "\(denied.stdout)")
        }
        #expect(try read("inbox/TA/replies/ruby.jpg - not published.txt", as: service).status == 0)

        // A colleague added to the service's group could open every inbox: the daemon says so.
        #expect(try ChildProcess.run("/usr/sbin/usermod", ["-a", "-G", service, tb]).status == 0)
        let shared = try workspace.run(as: service, ["watch", "--once"])
        #expect(shared.stderr.contains("other accounts are in the workspace's group") && !shared.stderr.contains(tb), "\(shared.stderr)")
    }

    /// The inbox is its owner's to write in: a link she puts where her
    /// replies go is never written through. Here it points at the Page's
    /// published folder; the link is refused like any other, and the
    /// replies go to a folder the service makes itself.
    @Test func aLinkPutWhereRepliesGoIsNotFollowed() throws {
        let ta = accounts[1]
        let facebook = workspace.root + "/published/facebook"
        #expect(try accounts.run(as: ta, "/bin/ln", ["-s", facebook, workspace.root + "/inbox/TA/replies"]).status == 0)
        let trip = try staged(try Paths.read(Fixture.schoolTrip), as: "trip.jpg")
        let sidecar = try staged(Array("nobody: true\n".utf8), as: "trip.yaml")
        try drop([trip, sidecar], as: ta, into: "TA")

        let result = try workspace.run(as: service, ["watch", "--once"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(workspace.files(under: "published").map { ($0 as NSString).pathExtension } == ["jpg"], "nothing else in published/")
        #expect(try workspace.query("SELECT decision || ' ' || reasons FROM ledger WHERE decision <> 'changed' ORDER BY seq;").map { $0.prefix(8) }
                == ["rejected", "approved"])
        var info = stat()
        #expect(lstat(workspace.root + "/inbox/TA/replies", &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
                && info.st_uid == accounts.uid(service), "the replies folder is the service's own")
        #expect(workspace.replies("TA").keys.sorted() == ["replies - not published.txt", "trip.jpg - published.txt"])
    }

    /// A folder she made with mode 0755 (a umask of 022, Samba's default
    /// directory mask) cannot be emptied by the service: its photo is left
    /// untouched, and she is told once, in her replies.
    @Test func aFolderTheServiceCannotEmptyIsReportedToItsOwner() throws {
        let ta = accounts[1]
        let folder = workspace.root + "/inbox/TA/Trip"
        #expect(try accounts.run(as: ta, "/bin/mkdir", ["-m", "0755", folder]).status == 0)
        let trip = try staged(try Paths.read(Fixture.schoolTrip), as: "trip.jpg")
        #expect(try accounts.run(as: ta, "/bin/cp", [trip, folder + "/"]).status == 0)

        let result = try workspace.run(as: service, ["watch", "--once"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.components(separatedBy: "cannot be taken out of its folder").count == 2, "logged once: \(result.stderr)")
        #expect(try workspace.query("SELECT count(*) FROM ledger WHERE decision <> 'changed';") == ["0"])
        #expect(FileManager.default.fileExists(atPath: folder + "/trip.jpg"), "left where it is, untouched")
        let note = try read("inbox/TA/replies/Trip - not taken.txt", as: ta)
        #expect(note.status == 0 && note.stdout.contains("The folder \"Trip\" you put in your inbox cannot be emptied"), "\(note.stdout)\(note.stderr)")
    }
}
