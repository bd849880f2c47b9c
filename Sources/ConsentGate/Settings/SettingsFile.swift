import Foundation
import Imaging
import ImageStructure
import Yams

/// Reads Config/consentgate.yaml (or a workspace's copy) into `Settings`,
/// refusing anything it does not understand rather than guessing.
public enum SettingsFile {
    public static func load(_ path: String) throws(SettingsError) -> Settings {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SettingsError("\(path): cannot be read.")
        }
        let raw: RawSettings
        var channelOrder: [String] = []
        do {
            // Parsed once: the same tree is checked for unknown keys and decoded.
            if let node = try Yams.compose(yaml: text) {
                try checkKeys(node, path: path)
                channelOrder = (node.mapping?["channels"]?.mapping ?? [:]).compactMap { $0.key.string }
                raw = try YAMLDecoder().decode(RawSettings.self, from: node)
            } else {
                raw = try YAMLDecoder().decode(RawSettings.self, from: text)
            }
        } catch let error as SettingsError {
            throw error
        } catch let error as DecodingError {
            throw SettingsError("\(path): \(describe(error))")
        } catch {
            throw SettingsError("\(path): not valid YAML (\(error)).")
        }
        var settings = try validate(raw, path: path)
        if !channelOrder.isEmpty { settings.channelNames = channelOrder.filter { settings.channels[$0] != nil } }
        return settings
    }

    static func validate(_ raw: RawSettings, path: String) throws(SettingsError) -> Settings {
        func fail(_ message: String) -> SettingsError { SettingsError("\(path): \(message)") }
        let directory = (path as NSString).deletingLastPathComponent
        var settings = Settings.builtIn
        settings.origin = path
        if let school = raw.school {
            if let name = school.name { settings.schoolName = name }
            if let copyright = school.copyright { settings.copyright = copyright }
            if let zone = school.time_zone {
                // Names only ("Europe/London"): an abbreviation like BST is not a place.
                guard zone.contains("/") || zone == "UTC", let timeZone = TimeZone(identifier: zone) else {
                    throw fail("school.time_zone \"\(zone)\" is not a time zone name such as Europe/London.")
                }
                settings.timeZone = timeZone
            }
        }
        guard !settings.schoolName.isEmpty, settings.schoolName.utf8.count <= 200 else { throw fail("school.name must be 1 to 200 characters.") }
        guard settings.copyright.utf8.count <= 200 else { throw fail("school.copyright must be at most 200 characters.") }
        if let channels = raw.channels {
            guard !channels.isEmpty else { throw fail("channels must list at least one channel.") }
            settings.channels = [:]
            for (name, channel) in channels {
                guard isChannelName(name) else {
                    throw fail("channel name \"\(name)\" must be lower-case letters, digits and dashes.")
                }
                let longEdge = channel.long_edge ?? 2048, quality = channel.quality ?? 85
                guard (64...10_000).contains(longEdge) else { throw fail("channels.\(name).long_edge must be 64 to 10000.") }
                guard (1...100).contains(quality) else { throw fail("channels.\(name).quality must be 1 to 100.") }
                let slack = channel.long_edge_slack ?? 0.02
                guard (0...0.25).contains(slack) else { throw fail("channels.\(name).long_edge_slack must be 0 to 0.25.") }
                settings.channels[name] = .init(longEdge: longEdge, quality: quality, longEdgeSlack: slack)
            }
            settings.channelNames = settings.channels.keys.sorted()
        }
        if let channel = raw.default_channel { settings.defaultChannel = channel }
        guard settings.channels[settings.defaultChannel] != nil else {
            throw fail("default_channel \"\(settings.defaultChannel)\" is not one of the channels.")
        }
        if let limits = raw.limits {
            if let megapixels = limits.max_megapixels {
                guard megapixels > 0, megapixels <= 1000 else { throw fail("limits.max_megapixels must be more than 0 and at most 1000.") }
                settings.limits.maxPixels = Int(megapixels * 1_000_000)
            }
            if let seconds = limits.max_seconds {
                guard seconds >= 1, seconds <= 3600 else { throw fail("limits.max_seconds must be 1 to 3600.") }
                settings.limits.maxSeconds = seconds
            }
            if let megabytes = limits.max_file_megabytes {
                guard megabytes > 0, megabytes <= 1024 else { throw fail("limits.max_file_megabytes must be more than 0 and at most 1024.") }
                settings.limits.maxBytes = Int(megabytes * 1024 * 1024)
            }
        }
        if let mark = raw.watermark {
            var watermark = Watermark(logoPath: nil, text: nil)
            if let logo = mark.logo {
                let logoPath = logo.hasPrefix("/") ? logo : directory + "/" + logo
                guard FileManager.default.isReadableFile(atPath: logoPath) else { throw fail("watermark.logo \(logoPath) cannot be read.") }
                watermark.logoPath = (logoPath as NSString).standardizingPath
            }
            watermark.text = mark.text.flatMap { $0.isEmpty ? nil : $0 }
            guard watermark.logoPath != nil || watermark.text != nil else {
                throw fail("watermark needs a logo, a text, or both: an approved photo must carry the school's mark.")
            }
            if let font = mark.font { watermark.font = font }
            if let gravity = mark.gravity {
                guard let value = Watermark.Gravity(rawValue: gravity) else {
                    throw fail("watermark.gravity \"\(gravity)\" is not one of \(Watermark.Gravity.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                watermark.gravity = value
            }
            if let margin = mark.margin {
                guard (0...0.25).contains(margin) else { throw fail("watermark.margin must be 0 to 0.25.") }
                watermark.margin = margin
            }
            if let opacity = mark.opacity {
                guard opacity > 0, opacity <= 1 else { throw fail("watermark.opacity must be more than 0 and at most 1.") }
                watermark.opacity = opacity
            }
            if let size = mark.size {
                guard size >= 0.05, size <= 1 else { throw fail("watermark.size must be 0.05 to 1.") }
                watermark.relativeWidth = size
            }
            if let tile = mark.tile { watermark.tiled = tile }
            settings.watermark = watermark
        }
        if let keep = raw.metadata?.keep {
            settings.keep = []
            for name in keep {
                guard let tag = KeepableExifTag(rawValue: name) else {
                    throw fail("metadata.keep: \(name) cannot be kept. Allowed: \(KeepableExifTag.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                settings.keep.append(tag)
            }
        }
        if let register = raw.register {
            settings.registerFormat = try registerFormat(register, fail: fail)
        }
        if let watch = raw.watch {
            if let quiet = watch.quiet_seconds {
                guard (0.1...600).contains(quiet) else { throw fail("watch.quiet_seconds must be 0.1 to 600.") }
                settings.watch.quietSeconds = quiet
            }
            if let wait = watch.sidecar_wait_seconds {
                guard (0...600).contains(wait) else { throw fail("watch.sidecar_wait_seconds must be 0 to 600.") }
                settings.watch.sidecarWaitSeconds = wait
            }
            if let rescan = watch.rescan_seconds {
                guard (1...3600).contains(rescan) else { throw fail("watch.rescan_seconds must be 1 to 3600.") }
                settings.watch.rescanSeconds = rescan
            }
            if let concurrency = watch.concurrency {
                guard (0...64).contains(concurrency) else { throw fail("watch.concurrency must be 0 (the number of cores) to 64.") }
                settings.watch.concurrency = concurrency
            }
            if let names = watch.log_names { settings.watch.logNames = names }
            if let empty = watch.empty_file_seconds {
                guard (1...86_400).contains(empty) else { throw fail("watch.empty_file_seconds must be 1 to 86400.") }
                settings.watch.emptyFileSeconds = empty
            }
            if let days = watch.replies_days {
                guard (1...3_650).contains(days) else { throw fail("watch.replies_days must be 1 to 3650.") }
                settings.watch.repliesDays = days
            }
        }
        return settings
    }

    static func registerFormat(_ raw: RawSettings.RegisterLayout, fail: (String) -> SettingsError) throws(SettingsError) -> RegisterFormat {
        var format = RegisterFormat()
        for (canonical, header) in raw.columns ?? [:] {
            guard RegisterFormat.canonicalColumns.contains(canonical) || canonical.hasPrefix("consent_") else {
                throw fail("register.columns: \(canonical) is not a register column (id, given_name, family_name, consent_<channel>, ...).")
            }
            format.columns[canonical] = header
        }
        format.yes = raw.yes ?? []
        format.no = raw.no ?? []
        if let overlap = Set(format.yes.map { $0.lowercased() }).intersection(format.no.map { $0.lowercased() }).first {
            throw fail("register: \"\(overlap)\" cannot mean both yes and no.")
        }
        if let style = raw.date_format {
            guard let dates = RegisterFormat.DateStyle(rawValue: style) else {
                throw fail("register.date_format must be yyyy-mm-dd or dd/mm/yyyy.")
            }
            format.dates = dates
        }
        return format
    }

    /// Lower-case letters, digits and dashes, starting with a letter: safe as a folder name.
    static func isChannelName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first), name.unicodeScalars.count <= 32 else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// Misspelt keys are errors: a silently ignored `watermark.opacty` would
    /// publish photos the school did not mean to.
    static func checkKeys(_ node: Node, path: String) throws(SettingsError) {
        let sections: [String: Set<String>?] = [
            "school": ["name", "copyright", "time_zone"], "default_channel": nil, "channels": nil,
            "limits": ["max_megapixels", "max_file_megabytes", "max_seconds"],
            "watermark": ["logo", "text", "font", "gravity", "margin", "opacity", "size", "tile"],
            "metadata": ["keep"],
            "register": ["columns", "yes", "no", "date_format"],
            "watch": ["quiet_seconds", "sidecar_wait_seconds", "rescan_seconds", "concurrency", "log_names", "empty_file_seconds", "replies_days"],
        ]
        guard let mapping = node.mapping else { throw SettingsError("\(path): expected a mapping of settings.") }
        for (key, value) in mapping {
            let name = key.string ?? "?"
            guard let allowed = sections[name] else {
                throw SettingsError("\(path): unknown setting \"\(name)\". Known: \(sections.keys.sorted().joined(separator: ", ")).")
            }
            guard let allowed, let inner = value.mapping else { continue }
            for (innerKey, _) in inner where !allowed.contains(innerKey.string ?? "") {
                throw SettingsError("\(path): unknown setting \"\(name).\(innerKey.string ?? "?")\". Known: \(allowed.sorted().joined(separator: ", ")).")
            }
        }
        for (key, value) in node.mapping?["channels"]?.mapping ?? [:] {
            for (innerKey, _) in value.mapping ?? [:] where !["long_edge", "quality", "long_edge_slack"].contains(innerKey.string ?? "") {
                throw SettingsError("\(path): unknown setting \"channels.\(key.string ?? "?").\(innerKey.string ?? "?")\". Known: long_edge, quality, long_edge_slack.")
            }
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func at(_ path: [CodingKey]) -> String { path.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(at(context.codingPath)) has the wrong kind of value."
        case .keyNotFound(let key, let context):
            return "\(at(context.codingPath + [key])) is missing."
        @unknown default:
            return "cannot be understood."
        }
    }
}

/// The file as written, before validation. Field names follow the YAML.
struct RawSettings: Decodable {
    struct School: Decodable { var name: String?; var copyright: String?; var time_zone: String? }
    struct Channel: Decodable { var long_edge: Int?; var quality: Int?; var long_edge_slack: Double? }
    struct Limits: Decodable { var max_megapixels: Double?; var max_file_megabytes: Double?; var max_seconds: Double? }
    struct Mark: Decodable {
        var logo: String?, text: String?, font: String?, gravity: String?
        var margin: Double?, opacity: Double?, size: Double?, tile: Bool?
    }
    struct Metadata: Decodable { var keep: [String]? }
    struct RegisterLayout: Decodable {
        var columns: [String: String]?
        var yes: [String]?
        var no: [String]?
        var date_format: String?
    }

    var school: School?
    var default_channel: String?
    var channels: [String: Channel]?
    var limits: Limits?
    var watermark: Mark?
    var metadata: Metadata?
    var register: RegisterLayout?
    var watch: Watch?

    struct Watch: Decodable {
        var quiet_seconds: Double?
        var sidecar_wait_seconds: Double?
        var rescan_seconds: Double?
        var concurrency: Int?
        var log_names: Bool?
        var empty_file_seconds: Double?
        var replies_days: Double?
    }
}
