import Foundation
import Testing
import TestSupport

/// The gate as the only way in (issue 17): one service account owns the
/// workspace; everyone else acts through its socket, named by the kernel,
/// checked by role. Real OS accounts: the service, an admin, a reviewer, a
/// designated teacher and an intruder nobody designated.
@Suite("The service owns the workspace; people act through it by role", .serialized, .timeLimit(.minutes(4)))
final class ServiceTests {
    let accounts: OSAccounts
    var service: String { accounts[0] }
    var admin: String { accounts[1] }
    var reviewer: String { accounts[2] }
    var teacher: String { accounts[3] }
    var intruder: String { accounts[4] }
    let workspace: TestWorkspace
    var server: BackgroundProcess?

    init() throws {
        accounts = try OSAccounts(["svc", "admin", "review", "teach", "intrude"])
        workspace = try TestWorkspace(designate: false)
        try workspace.handOver(to: accounts[0], group: accounts[0])
        // Root designates the first people, as the install does.
        for arguments in [["ADM", "--account", accounts[1], "--roles", "admin"], ["HT", "--account", accounts[2], "--roles", "reviewer"],
                          ["TA", "--account", accounts[3], "--channels", "facebook"]] {
            let added = try workspace.run(["staff", "add"] + arguments)
            #expect(added.status == 0, "\(added.stderr)")
        }
    }

    deinit { stop() }

    /// `consentgate serve` as the service account, by setpriv (which execs:
    /// the pid signalled is the service's own), until its socket answers.
    func start() throws {
        _ = try workspace.run(as: service, ["--version"])  // puts the binary where the service can reach it
        server = try BackgroundProcess("/usr/bin/setpriv", [
            "--reuid=\(service)", "--regid=\(service)", "--clear-groups", "--",
            workspace.scratch.file("consentgate"), "--workspace", workspace.root, "serve",
        ], environment: ["XDG_CACHE_HOME": workspace.cache, "HOME": workspace.cache, "CONSENTGATE_FACE_DETECTOR": try workspace.faceDetector()])
        let listening = BackgroundProcess.waitUntil(seconds: 20) { FileManager.default.fileExists(atPath: socket) }
        #expect(listening, "\(server?.stderr ?? "")")
    }

    @discardableResult
    func stop() -> Int32? {
        guard let server else { return nil }
        server.signal(SIGTERM)
        self.server = nil
        return server.wait()
    }

    var socket: String { workspace.root + "/consentgate.sock" }
    var database: String { workspace.root + "/consentgate.sqlite" }

    /// A file every account can read, outside the repository.
    func staged(_ fixture: String, as name: String) throws -> String {
        let path = try workspace.scratch.write(try Paths.read(fixture), to: name)
        #expect(chmod(path, 0o644) == 0)
        return path
    }

    func staffRows() throws -> [String] { try workspace.query("SELECT id, account, channels, roles FROM staff ORDER BY id") }

    @Test func nobodyButAnAdminChangesStaffOrTheRegisterByCommandOrByFile() throws {
        try start()
        let before = try staffRows()
        let register = try staged(Fixture.register, as: "register.csv")
        // The teacher tries to give herself a channel, to designate the intruder, to change the register.
        for (account, arguments) in [
            (teacher, ["staff", "add", "TA", "--account", teacher, "--channels", "facebook,website"]),
            (teacher, ["staff", "add", "TA", "--account", teacher, "--roles", "admin"]),
            (intruder, ["staff", "add", "X", "--account", intruder, "--channels", "all"]),
            (reviewer, ["staff", "add", "HT", "--account", reviewer, "--roles", "admin,reviewer"]),
            (teacher, ["register", "import", register]),
            (intruder, ["register", "withdraw", "P001", "--channel", "facebook"]),
        ] {
            let result = try workspace.run(as: account, arguments)
            #expect(result.status == 1 && result.stderr.contains("Only an admin may change"), "\(arguments): \(result.stdout)\(result.stderr)")
        }
        // Nor can they see the register, safeguarding notes and all, or the audit.
        for account in [teacher, intruder] {
            let list = try workspace.run(as: account, ["register", "list"])
            #expect(list.status == 1 && list.stderr.contains("Only a reviewer") && !list.stdout.contains("Okafor"), "\(list.stdout)\(list.stderr)")
            #expect(try workspace.run(as: account, ["audit"]).stderr.contains("Only a reviewer"))
        }
        // Writing the files behind the service's back does not work either.
        let sqlite = try accounts.run(as: teacher, "/usr/bin/sqlite3", [database, "INSERT INTO staff (id, name, account, channels, roles) VALUES ('Z', 'Z', 'z', 'facebook', 'admin')"])
        #expect(sqlite.status != 0, "\(sqlite.stdout)")
        let read = try accounts.run(as: teacher, "/usr/bin/sqlite3", [database, "SELECT * FROM person"])
        #expect(read.status != 0 && !read.stdout.contains("Okafor"))
        let config = try accounts.run(as: teacher, "/bin/sh", ["-c", "echo 'channels: {}' >> '\(workspace.root)/consentgate.yaml'"])
        #expect(config.status != 0)
        // Nor does claiming to be someone else: the caller's uid is honoured from the service alone.
        let spoofed = try accounts.run(as: teacher, "/usr/bin/env", ["CONSENTGATE_CALLER_UID=0", workspace.scratch.file("consentgate"),
                                                                      "--workspace", workspace.root, "staff", "add", "TA", "--account", teacher, "--roles", "admin"])
        #expect(spoofed.status == 1 && spoofed.stderr.contains("set by the consentgate service"), "\(spoofed.stderr)")
        #expect(try staffRows() == before)
        // The reviewer may read the register and audit, and the admin may change it.
        #expect(try workspace.run(as: reviewer, ["register", "list"]).stdout.contains("Okafor"))
        let granted = try workspace.run(as: admin, ["staff", "add", "TB", "--account", intruder, "--channels", "facebook"])
        #expect(granted.status == 0 && granted.stdout.contains("Recorded TB"), "\(granted.stdout)\(granted.stderr)")
        #expect(try staffRows().contains("TB|\(intruder)|facebook|"))
    }

    @Test func submitThroughTheSocketIsDecidedForTheAccountTheKernelNames() throws {
        try start()
        let trip = try staged(Fixture.schoolTrip, as: "trip.jpg")
        // Nobody designated the intruder: refused, and recorded as such, and
        // told nothing of the register (who is in it, whose consent is missing).
        let refused = try workspace.run(as: intruder, ["submit", trip, "--people", "P006,Amara", "--json"])
        #expect(refused.status == 3 && refused.stdout.contains("poster.not-designated"), "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stdout.contains(#""file":"\#(trip)""#), "the caller sees their own path: \(refused.stdout)")
        for disclosure in ["Okafor", "Amara", "P006", "person.", "do-not-publish", "consent for", "no-consent"] {
            #expect(!(refused.stdout + refused.stderr).contains(disclosure), "\(disclosure): \(refused.stdout)\(refused.stderr)")
        }
        // The teacher is: approved, recorded under her staff id, published.
        let approved = try workspace.run(as: teacher, ["submit", trip, "--nobody"])
        #expect(approved.status == 0 && approved.stdout.hasPrefix("approved  trip.jpg -> published/facebook/"), "\(approved.stdout)\(approved.stderr)")
        #expect(try workspace.query("SELECT poster || ' ' || via || ' ' || decision FROM ledger WHERE decision <> 'changed' ORDER BY seq")
                == ["account:\(intruder) submit rejected", "TA submit approved"])
        #expect(workspace.files(under: "published/facebook").count == 1)
        // Each sees their own submissions, and only those.
        let mine = try workspace.run(as: teacher, ["status"])
        #expect(mine.status == 0 && mine.stdout.contains("approved") && !mine.stdout.contains("rejected"), "\(mine.stdout)\(mine.stderr)")
        let theirs = try workspace.run(as: intruder, ["status", "--json"])
        #expect(theirs.stdout.contains("poster.not-designated") && !theirs.stdout.contains("approved"), "\(theirs.stdout)")
        // A file the caller cannot read is not read for them (the client cannot send it).
        let secret = try staged(Fixture.schoolTrip, as: "secret.jpg")
        #expect(chmod(secret, 0o600) == 0)
        let unreadable = try workspace.run(as: teacher, ["submit", secret, "--nobody"])
        #expect(unreadable.status == 1 && unreadable.stderr.contains("cannot read"), "\(unreadable.stderr)")
        // Nor are paths on the service's side: --html would write where the service can.
        let html = try workspace.run(as: reviewer, ["audit", "--html", workspace.root + "/consentgate.yaml"])
        #expect(html.status == 1 && html.stderr.contains("--match and --html"), "\(html.stderr)")
        // Nothing the callers sent is left behind.
        #expect(workspace.files(under: "uploads").isEmpty)
    }

    @Test func adminActionsAreLedgerEntriesTheAuditLists() throws {
        try start()
        #expect(try workspace.run(as: admin, ["register", "withdraw", "P001", "--channel", "facebook"]).status == 0)
        #expect(try workspace.run(as: admin, ["staff", "add", "TA", "--account", teacher, "--channels", "facebook,website"]).status == 0)
        let changes = try workspace.query("SELECT poster || ' ' || via || ' ' || change FROM ledger WHERE decision = 'changed' ORDER BY seq")
        #expect(changes.contains("ADM register withdraw consent of P001 for facebook withdrawn from \(try today())"), "\(changes)")
        #expect(changes.contains("ADM staff add TA: channels facebook -> facebook,website"), "\(changes)")
        #expect(changes.contains("account:root staff add ADM: account set; name set; roles - -> admin"), "root's designations too: \(changes)")
        #expect(changes.contains { $0.hasPrefix("account:root register import 11 rows, 11 added") }, "\(changes)")
        #expect(changes.contains { $0.hasPrefix("unknown settings now sha256 ") && $0.hasSuffix("(edited on disk)") }, "\(changes)")
        // Ids, channels and hashes: no account names (often a person's) in the append-only chain.
        #expect(!changes.joined().contains(teacher) && !changes.joined().contains(admin))
        // Root designates after the service owns the workspace: the change is
        // made as the owner (the database stays its alone), the inbox given to its member by root.
        let byRoot = try workspace.run(["staff", "add", "TB", "--account", intruder, "--channels", "facebook"])
        #expect(byRoot.status == 0 && !byRoot.stdout.contains("warning"), "\(byRoot.stdout)\(byRoot.stderr)")
        var info = stat()
        #expect(stat(workspace.root + "/inbox/TB", &info) == 0 && info.st_uid == accounts.uid(intruder)
                && info.st_gid == accounts.gid(service) && info.st_mode & 0o7777 == 0o2770)
        for file in try FileManager.default.contentsOfDirectory(atPath: workspace.root) where file.hasPrefix("consentgate.sqlite") {
            #expect(stat(workspace.root + "/" + file, &info) == 0 && info.st_uid == accounts.uid(service) && info.st_mode & 0o077 == 0, "\(file)")
        }
        #expect(try workspace.query("SELECT poster FROM ledger WHERE via = 'staff add' ORDER BY seq DESC LIMIT 1") == ["account:root"])
        #expect(try workspace.run(["ledger", "verify"]).status == 0)
        let audit = try workspace.run(as: reviewer, ["audit"])
        #expect(audit.stdout.contains("CHANGES OF STAFF, REGISTER AND SETTINGS"), "\(audit.stdout)\(audit.stderr)")
        #expect(audit.stdout.contains("ADM  register withdraw: consent of P001 for facebook"), "\(audit.stdout)")
        #expect(!audit.stdout.contains("Okafor"), "no names in the changes")
    }

    @Test func theServiceStopsCleanlyAndItsUnitVerifies() throws {
        try start()
        #expect(try workspace.run(as: teacher, ["status"]).status == 0)
        #expect(stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: socket), "the socket goes with the service")
        let down = try workspace.run(as: teacher, ["status"])
        #expect(down.status == 1 && down.stderr.contains("the consentgate service is not running"), "\(down.stderr)")
        // The unit as installed, pointing at this build.
        let unit = try String(contentsOfFile: Paths.packageRoot + "/Config/consentgate.service", encoding: .utf8)
            .replacingOccurrences(of: "/usr/local/bin/consentgate", with: workspace.scratch.file("consentgate"))
            .replacingOccurrences(of: "User=consentgate", with: "User=\(service)").replacingOccurrences(of: "Group=consentgate", with: "Group=\(service)")
        let unitPath = try workspace.scratch.write(Array(unit.utf8), to: "consentgate.service")
        let verify = try ChildProcess.run("/usr/bin/systemd-analyze", ["verify", unitPath])
        #expect(verify.status == 0 && verify.stderr.isEmpty, "\(verify.stdout)\(verify.stderr)")
        #expect(unit.contains(" serve"))
    }

    /// A request written by hand, as a hostile local program would, not by
    /// consentgate's client: what the service answers, as JSON text.
    func raw(_ request: String, files: [String] = [], as account: String) throws -> String {
        let script = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
            s.sendall(sys.argv[2].encode() + b"\\n")
            for path in sys.argv[3:]: s.sendall(open(path, "rb").read())
            s.shutdown(socket.SHUT_WR)
            print(s.makefile().readline())
            """
        let result = try accounts.run(as: account, "/usr/bin/python3", ["-c", script, socket, request] + files)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    @Test func theServiceTakesNoPathItIsToldAndRunsNoOtherCommand() throws {
        try start()
        let trip = try staged(Fixture.schoolTrip, as: "trip.jpg")
        let archived = try workspace.run(as: teacher, ["submit", trip, "--nobody"])
        #expect(archived.status == 0)
        let original = try #require(workspace.files(under: "archive").first)
        // A path on the service's side, named but not sent: the archived original, the configuration.
        for path in [original, workspace.root + "/consentgate.yaml", workspace.root + "/uploads/x/0/trip.jpg", workspace.root + "/uploads/../archive"] {
            let reply = try raw(#"{"arguments":["submit","\#(path)","--nobody"],"files":[]}"#, as: teacher)
            #expect(reply.contains(#""status":1"#) && reply.contains("was not sent with the request"), "\(path): \(reply)")
        }
        // Commands that are the service's own, and a second workspace.
        for arguments in [#"["init","--school-name","X"]"#, #"["watch","--once"]"#, #"["serve"]"#, #"["doctor"]"#, #"["preview","x.jpg"]"#,
                          #"["submit","--workspace","/tmp","x.jpg"]"#, #"["register","list","--workspace=/tmp"]"#] {
            let reply = try raw(#"{"arguments":\#(arguments),"files":[]}"#, as: teacher)
            #expect(reply.contains(#""status":1"#) && (reply.contains("The service runs only") || reply.contains("has one workspace")), "\(arguments): \(reply)")
        }
        // A file sent with a size it does not have: refused whole, nothing recorded.
        let short = try raw(#"{"arguments":["submit","a.jpg","--nobody"],"files":[{"path":"a.jpg","size":999999}]}"#, files: [trip], as: teacher)
        #expect(short.contains(#""status":1"#) && short.contains("did not arrive whole"), "\(short)")
        #expect(try workspace.query("SELECT count(*) FROM ledger WHERE decision <> 'changed'") == ["1"])
        // A caption typed the same as the photo's path would have been rewritten with it: refused.
        let size = try FileManager.default.attributesOfItem(atPath: trip)[.size] as! Int
        let caption = try raw(#"{"arguments":["submit","t.jpg","--nobody","--caption","t.jpg"],"files":[{"path":"t.jpg","size":\#(size)}]}"#,
                              files: [trip], as: teacher)
        #expect(caption.contains("an argument other than a file is written the same"), "\(caption)")
        #expect(workspace.files(under: "uploads").isEmpty)
    }

    /// Held photos go to the reviewer, never back to their sender: approval
    /// gates the photo again with the people confirmed (consent still
    /// decides), rejection files it with the reviewer's words, and every
    /// review is in the ledger under the reviewer (issue 18).
    @Test func aReviewerDecidesOnHeldPhotosAndNeverOnTheirOwn() throws {
        try start()
        let photo = try staged(Fixture.astronaut, as: "visit.jpg")
        let group = workspace.scratch.file("group.jpg")  // three faces
        #expect(try ChildProcess.run("/usr/bin/vips", ["arrayjoin", "\(photo) \(photo) \(photo)", group, "--across", "3"]).status == 0)
        #expect(chmod(group, 0o644) == 0)
        func held(_ arguments: [String], as account: String, photo: String = photo) throws -> String {
            let result = try workspace.run(as: account, ["submit", photo, "--json"] + arguments)
            let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
            #expect(result.status == 3 && json["decision"] as? String == "held", "\(result.stdout)\(result.stderr)")
            return ((json["heldFolder"] as? String ?? "") as NSString).lastPathComponent
        }
        let first = try held(["--nobody"], as: teacher)
        // The sender is not a reviewer; the reviewer sees it waiting.
        #expect(try workspace.run(as: teacher, ["review", "list"]).stderr.contains("Only a reviewer"))
        let list = try workspace.run(as: reviewer, ["review", "list"])
        #expect(list.status == 0 && list.stdout.contains(first) && list.stdout.contains("faces.undeclared"), "\(list.stdout)\(list.stderr)")
        // Approved with the person the reviewer confirms, by name: published, as the teacher's photo.
        let approved = try workspace.run(as: reviewer, ["review", "approve", first, "--people", "Amara Okafor"])
        #expect(approved.status == 0 && approved.stdout.hasPrefix("approved  visit.jpg -> published/facebook/"), "\(approved.stdout)\(approved.stderr)")
        #expect(workspace.files(under: "published/facebook").count == 1 && !workspace.files(under: "held").contains { $0.contains(first) })
        #expect(try workspace.query("SELECT poster || ' ' || via || ' ' || decision || ' ' || people FROM ledger WHERE via = 'review'")
                == [#"TA review approved ["P001"]"#])
        let review = try workspace.query("SELECT poster || ' ' || via || ' ' || change FROM ledger WHERE via LIKE 'review %'")
        #expect(review.count == 1 && review[0].hasPrefix("HT review approve held \(first) approved with P001: ledger #"), "\(review)")
        // A reviewer cannot approve a child without consent: the gate refuses it.
        let second = try held(["--people", "P002"], as: teacher, photo: group)
        let refused = try workspace.run(as: reviewer, ["review", "approve", second, "--people", "P003"])
        #expect(refused.status == 3 && refused.stdout.contains("person.no-consent"), "\(refused.stdout)\(refused.stderr)")
        // Rejected with the reviewer's words, which stay with the photo, not in the ledger.
        let third = try held(["--people", "P002", "--caption", "Visit"], as: teacher, photo: group)
        let rejected = try workspace.run(as: reviewer, ["review", "reject", third, "--reason", "a face at the back we cannot name"])
        #expect(rejected.status == 0 && rejected.stdout.contains("-> rejected/\(third)/"), "\(rejected.stdout)\(rejected.stderr)")
        #expect(try String(contentsOfFile: workspace.root + "/rejected/\(third)/review.txt", encoding: .utf8).contains("a face at the back"))
        #expect(try !workspace.query("SELECT * FROM ledger").joined().contains("a face at the back"))
        // Someone who both publishes and reviews never reviews their own photo.
        #expect(try workspace.run(["staff", "add", "HT", "--account", reviewer, "--channels", "facebook"]).status == 0)
        let own = try held(["--nobody", "--caption", "Mine"], as: reviewer)
        let conflict = try workspace.run(as: reviewer, ["review", "approve", own, "--nobody"])
        #expect(conflict.status == 1 && conflict.stderr.contains("You sent this photo, so someone else must review it"), "\(conflict.stderr)")
        #expect(try workspace.run(["ledger", "verify"]).status == 0)
    }

    /// doctor names each thing to fix with the command that fixes it, and is
    /// content once they are done.
    @Test func doctorSaysWhatToFixAndIsContentWhenItIsDone() throws {
        let before = try workspace.run(["doctor"])
        #expect(before.status == 1 && before.stdout.contains("FIX   the service is not answering at \(socket)"), "\(before.stdout)\(before.stderr)")
        try start()
        // An admin designates through the service, which cannot give the new inbox away: both say what root must run.
        let added = try workspace.run(as: admin, ["staff", "add", "TB", "--account", intruder, "--channels", "facebook"])
        let inbox = workspace.root + "/inbox/TB"
        let fix = "inbox/TB belongs to \(service), not to \(intruder), who cannot drop photos in it: run `chown \(intruder) '\(inbox)'` as root."
        #expect(added.status == 0 && added.stdout.contains("warning: " + fix), "\(added.stdout)\(added.stderr)")
        let broken = try workspace.run(["doctor"])
        #expect(broken.status == 1 && broken.stdout.contains("FIX   " + fix) && broken.stdout.contains("1 thing to fix."), "\(broken.stdout)")
        #expect(try ChildProcess.run("/bin/chown", [intruder, inbox]).status == 0)
        let after = try workspace.run(["doctor"])
        #expect(after.status == 0 && after.stdout.contains("Nothing to fix."), "\(after.stdout)\(after.stderr)")
        #expect(after.stdout.contains("ok    TB (\(intruder)) can reach inbox/TB"))
        // A database others can change is named with its fix.
        #expect(chmod(database, 0o620) == 0)
        let unsafe = try workspace.run(["doctor"])
        #expect(unsafe.status == 1 && unsafe.stdout.contains("consentgate.sqlite can be changed by its group (mode 620)"), "\(unsafe.stdout)")
        #expect(chmod(database, 0o600) == 0)
    }

    func today() throws -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "Europe/London")
        return formatter.string(from: Date())
    }
}

/// What protects the workspace whoever runs the command: no silent
/// workspaces, and none that others could change.
@Suite("A workspace is named, and nobody else can change it")
struct WorkspaceSafetyTests {
    let scratch = TemporaryDirectory()

    @Test func aCommandWithoutAWorkspaceSaysSoAndCreatesNothing() throws {
        let here = scratch.file("here")
        try FileManager.default.createDirectory(atPath: here, withIntermediateDirectories: true)
        for arguments in [["submit", Fixture.schoolTrip, "--nobody"], ["register", "import", Fixture.register], ["audit"], ["watch", "--once"],
                          ["staff", "add", "ME", "--account", "root", "--channels", "facebook"]] {
            // Whatever this machine has installed in /etc.
            let result = try ChildProcess.run(Paths.binary, arguments, environment: ["CONSENTGATE_HOME": "", "CONSENTGATE_SYSTEM_SETTING": here + "/none"],
                                              directory: here)
            #expect(result.status == 1 && result.stderr.contains("no workspace: name the school's with --workspace"), "\(arguments): \(result.stderr)")
            let named = try ChildProcess.run(Paths.binary, ["--workspace", here] + arguments, directory: here)
            #expect(named.status == 1 && named.stderr.contains("is not a consentgate workspace"), "\(arguments): \(named.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: here).isEmpty)
    }

    @Test func aDatabaseOthersCanChangeIsRefusedWithTheFix() throws {
        let workspace = try TestWorkspace()
        let database = workspace.root + "/consentgate.sqlite"
        #expect(chmod(database, 0o660) == 0)
        for arguments in [["submit", Fixture.schoolTrip, "--nobody"], ["audit"], ["staff", "list"]] {
            let refused = try workspace.run(arguments)
            #expect(refused.status == 1 && refused.stderr.contains("consentgate.sqlite can be changed by its group (mode 660)")
                    && refused.stderr.contains("run `chmod 600 '\(database)'`"), "\(refused.stderr)")
        }
        #expect(try workspace.query("SELECT count(*) FROM ledger WHERE decision <> 'changed'") == ["0"])
        #expect(chmod(database, 0o600) == 0)
        #expect(chmod(workspace.root + "/consentgate.yaml", 0o646) == 0)
        #expect(try workspace.run(["audit"]).stderr.contains("consentgate.yaml can be changed by anyone"))
        #expect(chmod(workspace.root + "/consentgate.yaml", 0o640) == 0)
        #expect(try workspace.run(["submit", Fixture.schoolTrip, "--nobody"]).status == 0)
        var info = stat()
        #expect(stat(database, &info) == 0 && info.st_mode & 0o777 == 0o600, "the register is its owner's alone")
    }
}
