import ArgumentParser
import ConsentGate
import Foundation

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check a deployment and say what to fix.",
        discussion: """
            Checks that a workspace is named, that nobody but its owner can change its database and \
            configuration, that the service is answering on its socket, that each member of staff can reach \
            their inbox, the clock and time zone, and the free disk space. Run it as root to see everything. \
            Exit status: 0 nothing to fix, 1 something to fix.
            """)

    @ParentCommand var consentgate: ConsentGateCommand
    var global: GlobalOptions { consentgate.global }

    func run() throws {
        var report = Report()
        guard let path = global.workspacePath else {
            report.fix(GlobalOptions.noWorkspace)
            throw report.finish()
        }
        let workspace = Workspace(path)
        guard FileManager.default.fileExists(atPath: workspace.databasePath) else {
            report.fix("\(path) is not a workspace: make it with `consentgate --workspace \(path) init` as the service's account.")
            throw report.finish()
        }
        report.ok("workspace \(path), owned by \(Routing.owner(of: workspace))")
        // Root looks as the owner: nothing the owner's account could plant is opened with root's power.
        try Routing.becomeOwner(of: workspace)
        if Routing.owner(of: workspace) == "root" {
            report.fix("the workspace belongs to root: give it to a service account of its own (docs/install.md), so that the gate runs with no more power than it needs.")
        }
        let unsafe = workspace.unsafeFiles()
        unsafe.forEach { report.fix($0) }
        if unsafe.isEmpty { report.ok("only the owner can change the database, the configuration and the outcome folders") }
        checkService(workspace, &report)
        checkSettingsAndInboxes(workspace, safe: unsafe.isEmpty, &report)
        checkDisk(workspace, &report)
        throw report.finish()
    }

    func checkService(_ workspace: Workspace, _ report: inout Report) {
        if (try? UnixSocket.connect(to: workspace.socketPath)) != nil {
            report.ok("the service is answering at \(workspace.socketPath)")
        } else {
            report.fix("the service is not answering at \(workspace.socketPath): staff cannot submit, audit or check their status. Start it: systemctl start consentgate.")
        }
    }

    func checkSettingsAndInboxes(_ workspace: Workspace, safe: Bool, _ report: inout Report) {
        guard Caller.hasDirectAccess(to: workspace) else {
            report.note("run as root or the service's account to check the settings and each inbox")
            return
        }
        let settings: Settings
        do { settings = try workspace.settings() } catch {
            report.fix(error.message)
            return
        }
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        if year < 2025 { report.fix("this machine's clock says \(year): consent is decided by date, so set the clock (timedatectl).") }
        report.ok("school days are counted in \(settings.timeZone.identifier) (today is \(settings.today().description) there; this machine's zone is \(TimeZone.current.identifier))")
        guard safe, let store = try? workspace.store() else { return }
        let staff = ((try? store.staff()) ?? []).filter { !$0.channels.isEmpty }
        if staff.isEmpty { report.note("nobody is designated to publish yet (consentgate staff add)") }
        for member in staff {
            if !OSAccount.exists(member.account) {
                report.fix("\(member.id)'s account \(member.account) does not exist on this machine.")
            } else if let problem = workspace.inboxProblem(member) {
                report.fix(problem)
            } else {
                report.ok("\(member.id) (\(member.account)) can reach \(workspace.relative(workspace.inbox(member.id)))")
            }
        }
    }

    func checkDisk(_ workspace: Workspace, _ report: inout Report) {
        var info = statvfs()
        guard statvfs(workspace.root, &info) == 0 else { return }
        let free = Double(info.f_bavail) * Double(info.f_frsize) / 1_073_741_824
        let text = String(format: "%.1f GB free for the workspace", free)
        if free < 1 { report.fix(text + ": under 1 GB, photos will soon fail to be gated. Free some space.") } else { report.ok(text) }
    }

    struct Report {
        var problems = 0

        func ok(_ text: String) { say("ok    " + text) }
        func note(_ text: String) { say("note  " + text) }
        mutating func fix(_ text: String) {
            problems += 1
            say("FIX   " + text)
        }

        func finish() -> ExitCode {
            say(problems == 0 ? "\nNothing to fix." : "\n\(problems) thing\(problems == 1 ? "" : "s") to fix.")
            return problems == 0 ? .success : ExitStatus.failure
        }
    }
}
