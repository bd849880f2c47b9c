@testable import ConsentGate
import Foundation
import Testing
import TestSupport

/// Claims in-process: the processing folder is the journal of what was
/// taken from an inbox and not yet filed.
@Suite("Claims: taking a photo out of an inbox")
struct ClaimsTests {
    @Test func aClaimIsJournaledUntilReleased() throws {
        let school = try LibraryWorkspace()
        try school.drop(Fixture.schoolTrip, as: "trip.jpg", sidecar: "nobody: true\n")
        let inbox = school.workspace.inbox("ME")
        let entries = InboxScan.entries(in: inbox)
        let photo = try #require(entries.first { $0.kind == .photo })
        let claims = Claims(workspace: school.workspace)
        let claim = try claims.claim(photo, sidecar: Watcher.sidecar(for: photo, in: entries), staffID: "ME")
        #expect(InboxScan.entries(in: inbox).isEmpty, "photo and sidecar taken together")
        #expect(claim.name == "trip.jpg" && claim.sidecar != nil)

        // A run that stops here leaves it in the journal, with its sidecar and the name it was given.
        let left = claims.unfinished()
        #expect(left.map(\.photo) == [claim.photo] && left.first?.sidecar == claim.sidecar && left.first?.name == "trip.jpg")
        #expect(claims.countStart(claim) == 1 && claims.countStart(claim) == 2, "each start that finds it is counted")

        try claims.release(claim)
        #expect(claims.unfinished().isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: claims.folder("ME")).isEmpty, "nothing left, the start count included")
    }
}
