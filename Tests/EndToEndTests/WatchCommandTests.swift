import Foundation
import Testing
import TestSupport

/// The watch-folder daemon: real inotify, real files, real signals.
@Suite("consentgate watch, end to end", .serialized, .timeLimit(.minutes(3)))
struct WatchCommandTests {
    static let fast = ["quiet_seconds": "0.3", "sidecar_wait_seconds": "0.5", "rescan_seconds": "2"]

    func drop(_ bytes: [UInt8], as name: String, in workspace: TestWorkspace, sidecar: String? = nil) throws {
        if let sidecar {
            let stem = (name as NSString).deletingPathExtension
            try Data(sidecar.utf8).write(to: URL(fileURLWithPath: workspace.inbox + "/" + stem + ".yaml"))
        }
        try Data(bytes).write(to: URL(fileURLWithPath: workspace.inbox + "/" + name))
    }

    func daemon(_ workspace: TestWorkspace, _ command: String = "watch") throws -> BackgroundProcess {
        try BackgroundProcess(Paths.binary, ["--workspace", workspace.root, command])
    }

    /// A file as a crashed run leaves it in processing/, claimed under a
    /// claim id made now, or at `claimID`.
    func leftClaimed(_ bytes: [UInt8], as name: String, in workspace: TestWorkspace, claimID: String? = nil) throws {
        let processing = workspace.root + "/processing/ME"
        try FileManager.default.createDirectory(atPath: processing, withIntermediateDirectories: true)
        var now = timeval()
        gettimeofday(&now, nil)
        let id = claimID ?? String(format: "%012ld%06ld-abc", now.tv_sec, now.tv_usec)
        try Data(bytes).write(to: URL(fileURLWithPath: processing + "/" + id + "--" + name))
    }

    func ledgerCount(_ workspace: TestWorkspace) throws -> Int {
        Int(try workspace.query("SELECT count(*) FROM ledger WHERE decision <> 'changed';").first ?? "0") ?? 0
    }

    @Test func oncePublishesAndRejectsWhatIsThere() throws {
        let workspace = try TestWorkspace(watch: Self.fast)
        try drop(try Paths.read(Fixture.schoolTrip), as: "trip.jpg", in: workspace, sidecar: "nobody: true\n")
        try drop(try Paths.read(Fixture.taggedRuby), as: "ruby.jpg", in: workspace)
        try drop(try Paths.read(Fixture.sportsDay), as: "sports.jpg", in: workspace, sidecar: "people: [P001, P002]\n")
        try drop(try Paths.read(Fixture.classFlag), as: "flag.png", in: workspace, sidecar: "people: P001\n")
        try drop(Array("x".utf8), as: ".flag.png.part", in: workspace)
        let result = try workspace.run(["watch", "--once"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(workspace.files(under: "published").count == 2)
        let reasons = try workspace.query("SELECT reasons FROM ledger WHERE decision <> 'changed' AND decision = 'rejected' ORDER BY seq;")
        #expect(reasons.contains { $0.contains("person.no-consent") && $0.contains("P003") })
        #expect(reasons.contains { $0.contains("manifest.invalid") })
        #expect(workspace.waitingInInboxes == [workspace.inbox + "/.flag.png.part"], "only the partial copy is left")
        #expect(workspace.files(under: "processing").isEmpty)
        #expect(try workspace.query("SELECT DISTINCT via FROM ledger WHERE decision <> 'changed';") == ["watch"])
        #expect(!result.stderr.contains("ruby") && !result.stderr.contains("trip.jpg"), "no file names in the log by default")
        #expect(result.stderr.contains("approved") && result.stderr.contains("rejected"))
    }

    @Test func fileOwnedBySomeoneElseIsRejected() throws {
        let workspace = try TestWorkspace(watch: Self.fast)
        try drop(try Paths.read(Fixture.schoolTrip), as: "trip.jpg", in: workspace, sidecar: "nobody: true\n")
        #expect(chown(workspace.inbox + "/trip.jpg", 65534, 65534) == 0, "the tests run as root")
        _ = try workspace.run(["watch", "--once"])
        let reasons = try workspace.query("SELECT poster, reasons FROM ledger WHERE decision <> 'changed';")
        #expect(reasons.count == 1 && reasons[0].contains("poster.account-mismatch"), "\(reasons)")
        #expect(reasons[0].hasPrefix("account:nobody"), "the poster recorded is the file's owner")
        #expect(workspace.files(under: "published").isEmpty)
    }

    /// A colleague in the same group replaces someone's sidecar with
    /// "nobody: true": the sidecar is not the photo owner's, so it is not
    /// read, and the photo is rejected with the reason (issue 15, point 3).
    @Test func aSidecarFromAnotherAccountIsNotBelieved() throws {
        let workspace = try TestWorkspace(watch: Self.fast)
        // A photo with no people tags: believed, the sidecar would publish it.
        try drop(try Paths.read(Fixture.schoolTrip), as: "trip.jpg", in: workspace, sidecar: "nobody: true\n")
        #expect(chown(workspace.inbox + "/trip.yaml", 65534, 65534) == 0, "the tests run as root")
        _ = try workspace.run(["watch", "--once"])
        let reasons = try workspace.query("SELECT decision, reasons FROM ledger WHERE decision <> 'changed';")
        #expect(reasons.count == 1 && reasons[0].hasPrefix("rejected"), "\(reasons)")
        #expect(reasons.first?.contains("poster.account-mismatch") == true, "\(reasons)")
        let explained = try workspace.files(under: "rejected").filter { $0.hasSuffix("reasons.txt") }
            .map { try String(contentsOfFile: $0, encoding: .utf8) }
        #expect(explained.count == 1 && explained[0].contains("sidecar") && explained[0].contains("nobody"), "\(explained)")
        #expect(workspace.files(under: "published").isEmpty)
    }

    /// A file over the size limit is not read, and never deleted: it ends in
    /// rejected/ whole, with its reason and one ledger entry (issue 15,
    /// point 1).
    @Test func anOversizeFileIsFiledNotDeleted() throws {
        var settings = Self.fast
        settings["max_file_megabytes"] = "1"
        let workspace = try TestWorkspace(watch: settings)
        let photo = try Paths.read(Fixture.schoolTrip) + [UInt8](repeating: 0x20, count: 2 * 1_048_576)
        try drop(photo, as: "big.jpg", in: workspace, sidecar: "nobody: true\n")
        let result = try workspace.run(["watch", "--once"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try workspace.query("SELECT decision, reasons FROM ledger WHERE decision <> 'changed';").map { $0.hasPrefix("rejected") && $0.contains("image.too-large") } == [true])
        let kept = workspace.files(under: "rejected").filter { $0.hasSuffix("/big.jpg") }
        #expect(kept.count == 1)
        #expect(try kept.map { try EndToEndTests.sha256($0) } == [try sha256(bytes: photo)], "the file is kept whole")
        #expect(workspace.files(under: "rejected").contains { $0.hasSuffix("/big.yaml") }, "and its sidecar")
        #expect(workspace.waitingInInboxes.isEmpty && workspace.files(under: "processing").isEmpty)
    }

    /// The daemon as a service account of its own (here the OS account
    /// nobody, owning the workspace), a photo its owner saved with mode 0600
    /// (a umask of 077, a Samba create mask): the daemon cannot read it, so
    /// it files it unread in rejected/ with one ledger entry, and the photo is
    /// still on disk, whole (issue 15, point 1).
    @Test func aPhotoTheServiceCannotReadIsFiledNotDeleted() throws {
        let workspace = try TestWorkspace(watch: Self.fast)
        let photo = try Paths.read(Fixture.schoolTrip)
        try drop(photo, as: "private.jpg", in: workspace, sidecar: "nobody: true\n")
        #expect(chmod(workspace.inbox + "/private.jpg", 0o600) == 0)
        // The service account owns the workspace; the photo stays the staff member's (this account's).
        try workspace.handOver(to: "nobody", group: "nogroup")
        #expect(chown(workspace.inbox + "/private.jpg", getuid(), getgid()) == 0)
        let result = try workspace.run(as: "nobody", ["watch", "--once"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try workspace.query("SELECT decision, reasons FROM ledger WHERE decision <> 'changed';").map { $0.hasPrefix("rejected") && $0.contains("file.unreadable") } == [true])
        #expect(workspace.replies().keys.sorted() == ["private.jpg - not published.txt"], "its owner is told, under the name she gave it")
        #expect(workspace.replies().values.first?.contains("private.jpg cannot be read by the gate") == true)
        let kept = workspace.files(under: "rejected").filter { $0.hasSuffix("/private.jpg") }
        #expect(try kept.map { try EndToEndTests.sha256($0) } == [try sha256(bytes: photo)], "the photo is kept whole")
        #expect(workspace.waitingInInboxes.isEmpty && workspace.files(under: "processing").isEmpty)
    }

    /// The service owns the workspace (the OS account nobody here); root
    /// designates a new member afterwards. Their inbox is still usable by the
    /// service (the workspace's group, mode 2770), and an inbox the service
    /// cannot enter is reported in one clear log line (issue 15, point 2).
    @Test func anInboxMadeByRootIsUsableByTheServiceOrReported() throws {
        let workspace = try TestWorkspace(designate: false, watch: Self.fast)
        try workspace.handOver(to: "nobody", group: "nogroup")
        for (id, account) in [("TA", NSUserName()), ("XY", "daemon")] {
            let added = try workspace.run(["staff", "add", id, "--account", account, "--channels", "facebook"])
            #expect(added.status == 0, "\(added.stderr)")
        }
        let inbox = workspace.root + "/inbox/TA"
        var info = stat()
        #expect(stat(inbox, &info) == 0 && info.st_gid == 65534 && info.st_mode & 0o7777 == 0o2770,
                "TA's inbox: group \(info.st_gid), mode \(String(info.st_mode & 0o7777, radix: 8))")
        // A photo whose tags name a child without consent: decided (and
        // filed) without rendering, so the test is about the inbox alone.
        try Data(try Paths.read(Fixture.taggedRuby)).write(to: URL(fileURLWithPath: inbox + "/ruby.jpg"))
        // XY's inbox, made unusable for the service.
        let unusable = workspace.root + "/inbox/XY"
        #expect(chown(unusable, 0, 0) == 0 && chmod(unusable, 0o700) == 0)
        let result = try workspace.run(as: "nobody", ["watch", "--once"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try workspace.query("SELECT decision || ' ' || reasons FROM ledger WHERE decision <> 'changed';").map { $0.contains("person.no-consent") } == [true],
                "\(result.stderr)")
        let reported = result.stderr.split(separator: "\n").filter { $0.contains("cannot use this inbox") }
        #expect(reported.count == 1 && reported[0].contains("inbox=XY"), "\(result.stderr)")
    }

    /// Nothing dropped is ignored for ever (issue 15, point 4): a folder's
    /// photos are gated one by one and the emptied folder removed; a file
    /// that stays empty is refused as empty; a file put in inbox/ itself is
    /// refused as posted by no one. Each has one ledger entry.
    @Test func foldersEmptyFilesAndStraysAreAnswered() throws {
        var settings = Self.fast
        settings["empty_file_seconds"] = "1"
        let workspace = try TestWorkspace(watch: settings)
        let folder = workspace.inbox + "/Trip photos"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let photo = try Paths.read(Fixture.schoolTrip)
        for index in 1 ... 3 {
            try Data(photo + Array("copy \(index)".utf8)).write(to: URL(fileURLWithPath: folder + "/IMG_\(index).jpg"))
            try Data("nobody: true\n".utf8).write(to: URL(fileURLWithPath: folder + "/IMG_\(index).yaml"))
        }
        FileManager.default.createFile(atPath: workspace.inbox + "/empty.jpg", contents: Data())
        try Data(photo).write(to: URL(fileURLWithPath: workspace.root + "/inbox/stray.jpg"))
        let result = try workspace.run(["watch", "--once"])
        #expect(result.status == 0, "\(result.stderr)")
        let decisions = try workspace.query("SELECT decision || ' ' || reasons FROM ledger WHERE decision <> 'changed' ORDER BY seq;")
        #expect(decisions.filter { $0.hasPrefix("approved") }.count == 3, "\(decisions)")
        #expect(decisions.filter { $0.contains("file.empty") }.count == 1, "\(decisions)")
        #expect(decisions.filter { $0.contains("file.outside-inbox") }.count == 1, "\(decisions)")
        #expect(decisions.count == 5)
        #expect(!FileManager.default.fileExists(atPath: folder), "the emptied folder is removed")
        #expect(workspace.waitingInInboxes.isEmpty)
        let rejected = workspace.files(under: "rejected").map { ($0 as NSString).lastPathComponent }
        #expect(rejected.contains("empty.jpg") && rejected.contains("stray.jpg"))
    }

    /// SIGTERM to an idle daemon (rescanning only every 60 s) ends it at
    /// once, not at its next rescan (issue 15, point 6).
    @Test func anIdleDaemonStopsAtOnce() throws {
        let workspace = try TestWorkspace(watch: ["quiet_seconds": "0.3", "sidecar_wait_seconds": "0.5", "rescan_seconds": "60"])
        let running = try daemon(workspace)
        #expect(try BackgroundProcess.waitUntil(seconds: 20) { running.stderr.contains("watching") })
        Thread.sleep(forTimeInterval: 1)  // in its wait
        let asked = Date()
        running.signal(SIGTERM)
        #expect(running.wait() == 0, "\(running.stderr)")
        let took = Date().timeIntervalSince(asked)
        #expect(took < 2, "an idle daemon took \(took) s to stop")
    }

    /// 200 photos dropped while the daemon runs; SIGKILL part-way; a restart.
    /// Every photo ends with exactly one outcome and one ledger entry: for
    /// the watcher alone, and for the whole service restarted (issue 17).
    @Test(arguments: ["watch", "serve"]) func survivesKillNineWithExactlyOneOutcomeEach(command: String) throws {
        let workspace = try TestWorkspace(watch: Self.fast)
        let bases = (1...8).map { "sharp-fixtures/Landscape_\($0).jpg" }.map(Paths.corpus)
        var expected: [String: String] = [:]  // sha256 -> approved|rejected
        let first = try daemon(workspace, command)
        for index in 0 ..< 200 {
            var bytes = try Paths.read(bases[index % bases.count])
            let sidecar: String
            switch index % 5 {
            case 0: sidecar = "people: [P003]\n"  // declined: rejected
            case 1: bytes = Array(bytes.prefix(bytes.count / 2)); sidecar = "nobody: true\n"  // truncated: rejected
            default: sidecar = "nobody: true\n"
            }
            bytes += Array("consentgate test photo \(index)".utf8)  // every photo different
            expected[try sha256(bytes: bytes)] = index % 5 < 2 ? "rejected" : "approved"
            try drop(bytes, as: String(format: "IMG_%04d.jpg", index), in: workspace, sidecar: sidecar)
        }
        #expect(try BackgroundProcess.waitUntil(seconds: 60) { try ledgerCount(workspace) >= 30 }, "the daemon is gating")
        first.signal(SIGKILL)
        #expect(first.wait() == 128 + SIGKILL)
        let killedAt = try ledgerCount(workspace)
        let leftOver = workspace.waitingInInboxes.count + workspace.files(under: "processing").count
        #expect(killedAt < 200 && leftOver > 0, "killed part-way: \(killedAt) decided, \(leftOver) files left")
        print("kill -9 after \(killedAt) decisions, \(workspace.files(under: "processing").count) files claimed in processing/")

        if command == "watch" {
            let second = try workspace.run(["watch", "--once"])
            #expect(second.status == 0, "\(second.stderr.suffix(2000))")
        } else {
            let second = try daemon(workspace, command)
            #expect(try BackgroundProcess.waitUntil(seconds: 180) {
                try ledgerCount(workspace) >= 200 && workspace.waitingInInboxes.isEmpty && workspace.files(under: "processing").isEmpty
            }, "\(second.stderr.suffix(2000))")
            second.signal(SIGTERM)
            #expect(second.wait() == 0, "\(second.stderr.suffix(2000))")
        }
        let rows = try workspace.query("SELECT original_sha256 || ' ' || decision FROM ledger WHERE decision <> 'changed';")
        var seen: [String: Int] = [:]
        for row in rows {
            let parts = row.split(separator: " ").map(String.init)
            #expect(expected[parts[0]] == parts[1], "\(parts[0].prefix(12)): \(parts[1])")
            seen[parts[0], default: 0] += 1
        }
        #expect(seen.count == 200 && seen.values.allSatisfy { $0 == 1 }, "exactly one ledger entry per photo")
        let published = workspace.files(under: "published")
        #expect(published.count == 120, "\(published.filter { ($0 as NSString).lastPathComponent.hasPrefix(".") })")
        let archived = Set(try workspace.files(under: "archive").map(sha256))
        let rejected = Set(try workspace.files(under: "rejected").filter { $0.hasSuffix(".jpg") }.map(sha256))
        #expect(archived.count == 120 && rejected.count == 80 && archived.isDisjoint(with: rejected))
        #expect(archived.union(rejected) == Set(expected.keys))
        let left = workspace.waitingInInboxes + workspace.files(under: "processing")
        #expect(left.isEmpty, "left behind: \(left)")
        // One reply per photo, none repeated by the restart.
        let replies = workspace.replies()
        let answered = Set(replies.keys.map { String($0.prefix("IMG_0000.jpg".count)) })
        #expect(replies.count == 200 && answered.count == 200, "\(replies.count) replies for \(answered.count) photos")
        #expect(replies.keys.filter { $0.hasSuffix(" - published.txt") }.count == 120)
        #expect(try workspace.run(["ledger", "verify"]).status == 0)
        #expect(try ledgerCount(workspace) == 200)
    }

    /// kill -9 between the two unlinks of a finished claim leaves its sidecar
    /// alone in processing/: the next run discards it and decides nothing.
    @Test func sidecarLeftByACrashAfterFilingIsDiscarded() throws {
        let workspace = try TestWorkspace(watch: Self.fast)
        try leftClaimed(Array("nobody: true\n".utf8), as: "IMG_0001.yaml", in: workspace, claimID: "000000000001000000-abc")
        let run = try workspace.run(["watch", "--once"])
        #expect(run.status == 0, "\(run.stderr.suffix(1000))")
        #expect(workspace.files(under: "processing").isEmpty)
        #expect(try workspace.query("SELECT count(*) FROM ledger WHERE decision <> 'changed';") == ["0"])
    }

    /// kill -9 between the two renames of a claim (photo into processing/,
    /// then its sidecar) leaves the sidecar in the inbox: the next run takes
    /// it with the photo, so the photo is gated as declared.
    @Test func sidecarLeftInTheInboxByACrashWhileClaimingIsReunited() throws {
        let workspace = try TestWorkspace(watch: Self.fast)
        try Data("nobody: true\n".utf8).write(to: URL(fileURLWithPath: workspace.inbox + "/trip.yaml"))
        usleep(20_000)  // the kernel stamps files with a coarse clock
        try leftClaimed(try Paths.read(Fixture.schoolTrip), as: "trip.jpg", in: workspace)
        let run = try workspace.run(["watch", "--once"])
        #expect(run.status == 0, "\(run.stderr.suffix(1000))")
        #expect(try workspace.query("SELECT decision FROM ledger WHERE decision <> 'changed';") == ["approved"])
        #expect(workspace.files(under: "published").count == 1)
        #expect(workspace.waitingInInboxes.isEmpty && workspace.files(under: "processing").isEmpty)
    }

    /// A sidecar written after the photo was claimed is not the claimed
    /// photo's, whatever its name: it is left where it is, and the claimed
    /// photo, which came without one, is rejected.
    @Test func sidecarWrittenAfterTheClaimIsNotTaken() throws {
        let workspace = try TestWorkspace(watch: Self.fast)
        try leftClaimed(try Paths.read(Fixture.schoolTrip), as: "trip.jpg", in: workspace)
        usleep(20_000)
        try Data("nobody: true\n".utf8).write(to: URL(fileURLWithPath: workspace.inbox + "/trip.yaml"))
        let run = try workspace.run(["watch", "--once"])
        #expect(run.status == 0, "\(run.stderr.suffix(1000))")
        let decisions = try workspace.query("SELECT decision || ' ' || reasons FROM ledger WHERE decision <> 'changed';")
        #expect(decisions.count == 1 && decisions[0].contains("people.undeclared"), "\(decisions)")
        #expect(workspace.files(under: "published").isEmpty)
        #expect(workspace.waitingInInboxes == [workspace.inbox + "/trip.yaml"])
    }

    /// The same, but the inbox also holds a new photo of that name: whose
    /// sidecar it is cannot be known, so the recovered photo is not gated
    /// with it (rejected), and the new pair is gated together.
    @Test func ambiguousSidecarIsNotGuessed() throws {
        let workspace = try TestWorkspace(watch: Self.fast)
        try leftClaimed(try Paths.read(Fixture.schoolTrip), as: "trip.jpg", in: workspace)
        try drop(try Paths.read(Fixture.sportsDay), as: "trip.jpg", in: workspace, sidecar: "nobody: true\n")
        let run = try workspace.run(["watch", "--once"])
        #expect(run.status == 0, "\(run.stderr.suffix(1000))")
        let decisions = try workspace.query("SELECT decision || ' ' || reasons FROM ledger WHERE decision <> 'changed' ORDER BY seq;")
        #expect(decisions.count == 2 && decisions[0].contains("people.undeclared") && decisions[1].hasPrefix("approved"), "\(decisions)")
        #expect(workspace.waitingInInboxes.isEmpty && workspace.files(under: "processing").isEmpty)
    }

    /// A photo in hand each of the last three times the daemon stopped (a
    /// decoder abort or the memory cap would do that every time it is read)
    /// is set aside on the next start, rejected unread; one found fewer
    /// times is gated as usual, and its count goes with it.
    @Test func photoInHandAtThreeStopsIsSetAside() throws {
        let workspace = try TestWorkspace(watch: Self.fast)
        let processing = workspace.root + "/processing/ME"
        let photo = try Paths.read(Fixture.schoolTrip)
        try leftClaimed(photo, as: "stops-the-gate.jpg", in: workspace, claimID: "000000000001000000-abc")
        try Data("3\n".utf8).write(to: URL(fileURLWithPath: processing + "/.000000000001000000-abc.starts"))
        try leftClaimed(photo, as: "trip.jpg", in: workspace, claimID: "000000000002000000-def")
        try leftClaimed(Array("nobody: true\n".utf8), as: "trip.yaml", in: workspace, claimID: "000000000002000000-def")
        try Data("2\n".utf8).write(to: URL(fileURLWithPath: processing + "/.000000000002000000-def.starts"))
        let run = try workspace.run(["watch", "--once"])
        #expect(run.status == 0, "\(run.stderr.suffix(1000))")
        let rows = try workspace.query("SELECT decision || ' ' || reasons FROM ledger WHERE decision <> 'changed' ORDER BY seq;")
        #expect(rows.count == 2, "\(rows)")
        #expect(rows.contains { $0.hasPrefix("rejected") && $0.contains("image.processing-failed") }, "\(rows)")
        #expect(rows.contains { $0.hasPrefix("approved") }, "\(rows)")
        #expect(workspace.files(under: "rejected").contains { $0.hasSuffix("/stops-the-gate.jpg") })
        #expect(workspace.files(under: "processing").isEmpty)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: processing)) ?? []).isEmpty, "no start counts left behind")
    }

    /// kill -9 between writing a derivative's temporary file and renaming it
    /// leaves a dot file in published/: the next run removes it (its writer is
    /// gone), and keeps one whose writer is still alive.
    @Test func halfWrittenOutcomeFilesOfADeadRunAreRemoved() throws {
        let workspace = try TestWorkspace(watch: Self.fast)
        let folder = workspace.root + "/published/facebook"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let abandoned = folder + "/.2026-11-25-0123456789ab.jpg.2147483000.12345.tmp"  // beyond any pid_max: no such process
        let alive = folder + "/.2026-11-25-ba9876543210.jpg.1.12345.tmp"  // pid 1 always exists
        for path in [abandoned, alive] { try Data([0xFF, 0xD8]).write(to: URL(fileURLWithPath: path)) }
        #expect(try workspace.run(["watch", "--once"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: abandoned))
        #expect(FileManager.default.fileExists(atPath: alive))
    }

    /// A photo still being copied is not taken before its last byte; one
    /// abandoned half-way is rejected as truncated, never published.
    @Test func slowCopyWaitsAndAbandonedCopyIsRejected() throws {
        let workspace = try TestWorkspace(watch: ["quiet_seconds": "1.0", "sidecar_wait_seconds": "0.2", "rescan_seconds": "2"])
        let running = try daemon(workspace)
        defer { running.signal(SIGKILL); running.wait() }
        let photo = try Paths.read(Fixture.schoolTrip)
        try Data("nobody: true\n".utf8).write(to: URL(fileURLWithPath: workspace.inbox + "/slow.yaml"))
        let handle = try #require(FileHandle(forWritingAtPath: { FileManager.default.createFile(atPath: workspace.inbox + "/slow.jpg", contents: nil); return workspace.inbox + "/slow.jpg" }()))
        let chunk = photo.count / 6 + 1
        for start in stride(from: 0, to: photo.count, by: chunk) {
            handle.write(Data(photo[start ..< min(start + chunk, photo.count)]))
            try handle.synchronize()
            usleep(400_000)  // less than the quiet interval between writes
            #expect(try ledgerCount(workspace) == 0, "gated before its last byte")
        }
        try handle.close()
        #expect(try BackgroundProcess.waitUntil(seconds: 20) { try ledgerCount(workspace) == 1 })
        #expect(try workspace.query("SELECT decision, original_sha256 FROM ledger WHERE decision <> 'changed';") == ["approved|\(try sha256(bytes: photo))"])

        try Data("nobody: true\n".utf8).write(to: URL(fileURLWithPath: workspace.inbox + "/abandoned.yaml"))
        try Data(photo.prefix(photo.count / 2)).write(to: URL(fileURLWithPath: workspace.inbox + "/abandoned.jpg"))
        #expect(try BackgroundProcess.waitUntil(seconds: 20) { try ledgerCount(workspace) == 2 })
        let last = try workspace.query("SELECT decision, reasons FROM ledger WHERE decision <> 'changed' ORDER BY seq DESC LIMIT 1;").first ?? ""
        #expect(last.hasPrefix("rejected|") && last.contains("image.truncated"), "\(last)")
        #expect(workspace.files(under: "published").count == 1)
    }

    @Test func symlinkAndHardLinkAreRefusedAndTheirTargetsUntouched() throws {
        let workspace = try TestWorkspace(watch: Self.fast)
        let outside = workspace.scratch.file("outside.jpg")
        try FileManager.default.copyItem(atPath: Fixture.schoolTrip, toPath: outside)
        let before = try sha256(outside)
        try FileManager.default.createSymbolicLink(atPath: workspace.inbox + "/link.jpg", withDestinationPath: outside)
        let secret = workspace.scratch.file("secret.jpg")
        try FileManager.default.copyItem(atPath: Fixture.sportsDay, toPath: secret)
        let secretBefore = try sha256(secret)
        #expect(link(secret, workspace.inbox + "/hard.jpg") == 0)
        let result = try workspace.run(["watch", "--once"])
        #expect(result.status == 0)
        let reasons = try workspace.query("SELECT reasons FROM ledger WHERE decision <> 'changed' ORDER BY seq;").joined()
        #expect(reasons.contains("file.symbolic-link") && reasons.contains("file.hard-linked"), "\(reasons)")
        #expect(workspace.files(under: "published").isEmpty)
        #expect(try sha256(outside) == before && FileManager.default.fileExists(atPath: outside))
        #expect(try sha256(secret) == secretBefore && FileManager.default.fileExists(atPath: secret))
        #expect(workspace.waitingInInboxes.isEmpty)
    }

    @Test func sigtermFinishesAndExitsCleanly() throws {
        let workspace = try TestWorkspace(watch: Self.fast)
        let running = try daemon(workspace)
        try drop(try Paths.read(Fixture.schoolTrip), as: "trip.jpg", in: workspace, sidecar: "nobody: true\n")
        #expect(try BackgroundProcess.waitUntil(seconds: 20) { try ledgerCount(workspace) == 1 })
        running.signal(SIGTERM)
        #expect(running.wait() == 0, "\(running.stderr)")
        #expect(running.stderr.contains("stopped"))
    }
}
