import ArgumentParser
import ConsentGate
import Imaging
import Foundation

struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Show how photos would be published, stamped NOT APPROVED.",
        discussion: """
            Runs the imaging half of the gate (safe loading, resizing, metadata removal, \
            read-back check) without any consent decision. Every preview carries a red \
            NOT APPROVED banner and never the school's watermark.
            """)

    @ParentCommand var consentgate: ConsentGateCommand
    var global: GlobalOptions { consentgate.global }

    @Argument(help: "Photos to preview.")
    var photos: [String]

    @Option(help: "Folder for the previews.")
    var out: String = "previews"

    @Option(help: "The channel whose size and quality to use (default: the configured default).")
    var channel: String?

    @Option(help: "A configuration file (default: the workspace's consentgate.yaml, else built-in defaults).")
    var config: String?

    @Flag(help: "Print one JSON object per photo.")
    var json = false

    func run() throws {
        let settings: Settings
        let chosen: (name: String, channel: Settings.Channel)
        do {
            settings = try SettingsLocator.load(explicit: config, workspace: global.workspaceFolder.root)
            chosen = try settings.channel(channel)
        } catch {
            throw fail(error.message)
        }
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            throw fail("cannot create \(out): \(error.localizedDescription)")
        }
        Renderer.prepare()
        CacheFolder.use()
        let previewer = Previewer(settings: settings, channel: chosen.channel, outputDirectory: out)
        var refused = 0
        for photo in photos {
            let preview = previewer.preview(photo)
            if case .failure = preview.result { refused += 1 }
            if json { print(PreviewPrinter.json(preview)) } else { say(PreviewPrinter.text(preview)) }
        }
        if refused > 0 { throw ExitStatus.someRejected }
    }
}
