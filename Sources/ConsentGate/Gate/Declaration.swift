import Foundation
import Yams

/// What the person submitting says about a photo: who is in it, the
/// caption, the channel. Channel and caption may be left to the defaults.
public struct Declaration: Sendable, Equatable {
    public var people: Submission.People
    public var caption: String?
    public var channel: String?

    public init(people: Submission.People = .undeclared, caption: String? = nil, channel: String? = nil) {
        self.people = people
        self.caption = caption
        self.channel = channel
    }

    /// A canonical spelling, part of the submission key.
    var canonical: String {
        let who = switch people {
        case .listed(let entries): "listed:" + entries.joined(separator: ",")
        case .nobody: "nobody"
        case .undeclared: "undeclared"
        }
        return who + "|" + (caption ?? "")
    }
}

/// A manifest (`--manifest FILE`, or a sidecar NAME.json / NAME.yaml beside
/// a photo): `{"people": ["P001", ...], "caption": "...", "channel": "facebook"}`
/// or `{"nobody": true, ...}`. Anything else in it is an error, not ignored.
public enum Manifest {
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    static let keys: Set<String> = ["people", "nobody", "caption", "channel"]
    static let sizeLimit = 64 * 1024

    public static func read(_ path: String) throws(Refusal) -> Declaration {
        let name = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else { throw Refusal(message: "\(name) cannot be read.") }
        return try parse([UInt8](data), name: name)
    }

    public static func parse(_ bytes: [UInt8], name: String) throws(Refusal) -> Declaration {
        func invalid(_ why: String) -> Refusal { Refusal(message: "\(name): \(why)") }
        guard bytes.count <= sizeLimit else { throw invalid("a manifest is a few lines, not \(bytes.count) bytes.") }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw invalid("not UTF-8 text.") }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw invalid("not valid JSON or YAML.")
        }
        guard let mapping = node?.mapping else { throw invalid("expected people, nobody, caption and channel.") }
        var declaration = Declaration()
        var nobody = false
        for (key, value) in mapping {
            let field = key.string ?? ""
            guard keys.contains(field) else { throw invalid("unknown field \"\(field)\" (expected people, nobody, caption, channel).") }
            switch field {
            case "people":
                guard let list = value.sequence, list.allSatisfy({ $0.scalar != nil }) else {
                    throw invalid("people must be a list of register ids or full names.")
                }
                declaration.people = .listed(list.compactMap(\.string))
            case "nobody":
                guard let flag = value.bool else { throw invalid("nobody must be true or false.") }
                nobody = flag
            case "caption":
                guard let caption = value.scalar?.string else { throw invalid("caption must be text.") }
                declaration.caption = caption
            default:
                guard let channel = value.scalar?.string else { throw invalid("channel must be a channel name.") }
                declaration.channel = channel
            }
        }
        if nobody {
            if case .listed(let people) = declaration.people, !people.isEmpty {
                throw invalid("says both nobody and people.")
            }
            declaration.people = .nobody
        }
        return declaration
    }
}
