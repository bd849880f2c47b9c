import ConsentGate
import Foundation
import Testing
import TestSupport

/// A workspace made in-process, as `init`, `register import` and
/// `staff add` make one: the engine tested without the binary.
struct LibraryWorkspace {
    let scratch = TemporaryDirectory()
    let workspace: Workspace
    var settings: Settings
    let store: Store

    /// The account running the tests is designated as ME, for facebook and website.
    init() throws {
        workspace = Workspace(scratch.file("workspace"))
        _ = try workspace.initialise(from: Paths.packageRoot + "/Config", channels: [], staff: [])
        settings = try workspace.settings()
        store = try workspace.createStore()
        _ = try RegisterImport.run(Fixture.register, format: settings.registerFormat, into: store)
        let me = StaffMember(id: "ME", name: "Me", account: OSAccount.current, channels: ["facebook", "website"])
        _ = try store.addStaff(me, by: OSAccount.current)
        _ = try workspace.initialise(from: nil, channels: settings.channelNames, staff: [me])
        settings.watch.quietSeconds = 0.2
        settings.watch.sidecarWaitSeconds = 0.3
        settings.watch.rescanSeconds = 60
    }

    /// Copies a photo into ME's inbox, with a sidecar when given.
    func drop(_ photo: String, as name: String, sidecar: String? = nil) throws {
        let inbox = workspace.inbox("ME")
        if let sidecar {
            try Data(sidecar.utf8).write(to: URL(fileURLWithPath: inbox + "/" + (name as NSString).deletingPathExtension + ".yaml"))
        }
        try FileManager.default.copyItem(atPath: photo, toPath: inbox + "/" + name)
    }
}
