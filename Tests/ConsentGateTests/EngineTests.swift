import ConsentGate
import Foundation
import Logging
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing
import TestSupport

/// The gate and the watcher in-process, on a real workspace and real
/// photos: what the binary's end-to-end tests show, one level down.
@Suite("The engine, in-process", .serialized, .timeLimit(.minutes(2)))
struct EngineTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// The school's day comes from the gate's clock, not the machine's:
    /// the same photo is approved while consent holds and refused after.
    /// Near midnight in summer the school's day (London) is not the UTC
    /// date of the ledger's timestamp: a refused photo sent again is still
    /// found in the folder it was filed under, and so is a held one.
    @Test func anOutcomeSentAgainAfterMidnightInLondonIsFoundWhereItWasFiled() throws {
        let school = try LibraryWorkspace()
        let lateEvening = Gate(workspace: school.workspace, settings: school.settings, store: school.store,
                               clock: { Date(timeIntervalSince1970: 1_814_311_800) })  // 2027-06-29 23:30 UTC, 00:30 on the 30th in London
        let ruby = Declaration(people: .listed(["P003"]))  // declined for Facebook
        let first = lateEvening.submit(Fixture.sportsDay, declaration: ruby, poster: OSAccount.current)
        #expect(first.status == .rejected && first.rejectedFolder?.hasSuffix("/2027-06-30-" + (first.rejectedFolder?.suffix(12) ?? "")) == true,
                "\(first.rejectedFolder ?? "")")
        let again = lateEvening.submit(Fixture.sportsDay, declaration: ruby, poster: OSAccount.current)
        #expect(again.repeated && again.rejectedFolder == first.rejectedFolder, "\(again.rejectedFolder ?? "")")
        let held = lateEvening.submit(Fixture.astronaut, declaration: Declaration(people: .nobody), poster: OSAccount.current)
        #expect(held.status == .held, "\(held.reasons)")
        let heldAgain = lateEvening.submit(Fixture.astronaut, declaration: Declaration(people: .nobody), poster: OSAccount.current)
        #expect(heldAgain.repeated && heldAgain.heldFolder == held.heldFolder, "\(heldAgain.heldFolder ?? "")")
    }

    @Test func theGateDecidesByItsClock() throws {
        let school = try LibraryWorkspace()
        let photo = Fixture.sportsDay
        let people = Declaration(people: .listed(["P001"]))
        let today = Gate(workspace: school.workspace, settings: school.settings, store: school.store)
        let approved = today.submit(photo, declaration: people, poster: OSAccount.current)
        #expect(approved.status == .approved, "\(approved.reasons)")
        #expect(FileManager.default.fileExists(atPath: approved.derivative ?? ""))
        #expect(today.submit(photo, declaration: people, poster: OSAccount.current).repeated, "the same submission, decided again")

        // P001's consent ends on 2036-08-31 in the fixture register.
        let later = Gate(workspace: school.workspace, settings: school.settings, store: school.store,
                         clock: { Date(timeIntervalSince1970: 2_114_380_800) })  // 2037-01-01
        let refused = later.submit(photo, declaration: people, poster: OSAccount.current)
        #expect(refused.status == .rejected)
        #expect(refused.reasons.map(\.code) == [.personConsentExpired], "\(refused.reasons)")
        #expect(try school.store.ledger().filter { $0.decision != .changed }.map(\.decision) == [.approved, .rejected])
    }

    /// With --once the service gates what is there and ends by itself.
    @Test func onceGatesWhatIsThereAndEnds() async throws {
        let school = try LibraryWorkspace()
        try school.drop(Fixture.schoolTrip, as: "trip.jpg", sidecar: "nobody: true\n")
        let watcher = Watcher(workspace: school.workspace, settings: school.settings, store: school.store, logger: Self.logger)
        try await WatchService(watcher: watcher, once: true).run()
        #expect(try school.store.ledger().filter { $0.decision != .changed }.map(\.decision) == [.approved])
        let replies = try FileManager.default.contentsOfDirectory(atPath: school.workspace.inbox("ME") + "/replies")
        #expect(replies.sorted() == ["trip.jpg - published.jpg", "trip.jpg - published.txt"])
    }

    /// Graceful shutdown (what SIGTERM triggers) ends an idle service at
    /// once, not at its next rescan a minute later.
    @Test func gracefulShutdownEndsAnIdleServiceAtOnce() async throws {
        let school = try LibraryWorkspace()
        let watcher = Watcher(workspace: school.workspace, settings: school.settings, store: school.store, logger: Self.logger)
        let took = try await testGracefulShutdown { trigger in
            let running = Task { try await WatchService(watcher: watcher, once: false).run() }
            try await Task.sleep(for: .milliseconds(500))  // in its wait
            let asked = ContinuousClock.now
            trigger.triggerGracefulShutdown()
            try await running.value
            return ContinuousClock.now - asked
        }
        // Well before the next rescan (60 s): woken, not timed out. (The
        // daemon's own under-2-s stop is shown end to end, unloaded.)
        #expect(took < .seconds(10), "stopped after \(took)")
    }

    /// Cancelling the task that runs the service stops it the same way.
    @Test func cancellationEndsTheService() async throws {
        let school = try LibraryWorkspace()
        let watcher = Watcher(workspace: school.workspace, settings: school.settings, store: school.store, logger: Self.logger)
        let running = Task { try await WatchService(watcher: watcher, once: false).run() }
        try await Task.sleep(for: .milliseconds(500))
        let asked = ContinuousClock.now
        running.cancel()
        try await running.value
        #expect(ContinuousClock.now - asked < .seconds(10), "woken, not at the next rescan 60 s later")
    }

    /// The audit in-process: a parent withdraws consent after a photo is
    /// published, and that photo is on the takedown list; the ledger holds.
    @Test func aWithdrawalPutsAPublishedPhotoOnTheTakedownList() throws {
        let school = try LibraryWorkspace()
        let gate = Gate(workspace: school.workspace, settings: school.settings, store: school.store)
        let outcome = gate.submit(Fixture.sportsDay, declaration: Declaration(people: .listed(["P001"])), poster: OSAccount.current)
        #expect(outcome.status == .approved, "\(outcome.reasons)")
        let today = school.settings.today()
        let auditor = Auditor(workspace: school.workspace, settings: school.settings, store: school.store)
        #expect(try auditor.run(on: today).takedowns.isEmpty)

        _ = try school.store.withdraw("P001", channel: "facebook", on: today, by: OSAccount.current)
        let report = try auditor.run(on: today)
        #expect(report.ledgerIntact && report.published == 1)
        #expect(report.takedowns.map(\.ledger) == [outcome.ledgerSeq], "\(report.takedowns)")
        #expect(report.takedowns.first?.reasons.map(\.code) == ["person.consent-withdrawn"])
    }
}
