import ArgumentParser

@main
struct ConsentGateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consentgate",
        abstract: "The gate between a school's photos and its social media.",
        discussion: """
            Only a designated member of staff may publish, only photos of people with \
            consent for that channel, and never with location or identity metadata.
            """,
        subcommands: [PreviewCommand.self])
}

/// Exit statuses shared by every command (contract).
enum Outcome {
    static let someRejected = ExitCode(3)
    static let failure = ExitCode(1)
}
