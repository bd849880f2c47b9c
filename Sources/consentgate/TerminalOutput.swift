import ConsentGate
import Logging

/// Prints a report for a person at a terminal: whatever a field let
/// through, no control character reaches the terminal but the line breaks.
func say(_ text: String) {
    print(TerminalText.escaped(text, keepingNewlines: true))
}

/// The watcher's log, with file names and messages escaped like any other
/// output (a file dropped in an inbox chooses its own name).
struct EscapingLogHandler: LogHandler {
    var inner: StreamLogHandler

    var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
             file: String, function: String, line: UInt) {
        inner.log(level: level, message: "\(message.description.forTerminal)", metadata: metadata?.mapValues(Self.escaped),
                  source: source, file: file, function: function, line: line)
    }

    static func escaped(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): .string(text.forTerminal)
        case .stringConvertible(let convertible): .string(convertible.description.forTerminal)
        case .array(let values): .array(values.map(escaped))
        case .dictionary(let values): .dictionary(values.mapValues(escaped))
        }
    }
}
