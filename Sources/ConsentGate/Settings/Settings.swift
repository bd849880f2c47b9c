import Foundation
import Imaging
import ImageStructure

/// The school's configuration, validated: every value here is usable.
public struct Settings: Sendable {
    public struct Channel: Sendable, Equatable {
        public var longEdge: Int
        public var quality: Int
        /// See `RenderSettings.longEdgeSlack`.
        public var longEdgeSlack: Double

        public init(longEdge: Int, quality: Int, longEdgeSlack: Double = 0.02) {
            self.longEdge = longEdge
            self.quality = quality
            self.longEdgeSlack = longEdgeSlack
        }
    }

    public var schoolName: String
    public var copyright: String
    public var defaultChannel: String
    public var channels: [String: Channel]
    /// The channels in the order the configuration lists them.
    public var channelNames: [String]
    public var limits: InputLimits
    public var watermark: Watermark
    public var keep: [KeepableExifTag]
    /// How the school's register export is laid out.
    public var registerFormat: RegisterFormat
    public var watch: WatchSettings
    /// Where the school is: which day "today" is, for consent and the ledger.
    public var timeZone: TimeZone

    /// Where the settings came from, for messages: a file path or "built-in defaults".
    public var origin: String

    /// Used when there is no configuration file: the values of
    /// Config/consentgate.yaml, with a text-only watermark.
    public static let builtIn = Settings(
        schoolName: "Hillside Primary School",
        copyright: "Copyright Hillside Primary School. Not for reuse.",
        defaultChannel: "facebook",
        channels: [
            "facebook": Channel(longEdge: 2048, quality: 85),
            "website": Channel(longEdge: 1600, quality: 85),
            "newsletter": Channel(longEdge: 1200, quality: 90),
            "press": Channel(longEdge: 3000, quality: 92),
        ],
        channelNames: ["facebook", "website", "newsletter", "press"],
        limits: InputLimits(maxPixels: 100_000_000, maxBytes: 60 * 1024 * 1024, maxSeconds: 30),
        watermark: Watermark(logoPath: nil, text: "Hillside Primary School"),
        keep: [],
        registerFormat: RegisterFormat(),
        watch: WatchSettings(),
        timeZone: TimeZone(identifier: "Europe/London")!,
        origin: "built-in defaults")

    /// Today at the school, whatever TZ the process was started with.
    public func today(_ now: Date = Date()) -> Day {
        Day.today(now, in: timeZone)
    }

    /// A channel by name, in any case ("Facebook" is facebook).
    public func channel(_ name: String?) throws(SettingsError) -> (name: String, channel: Channel) {
        let name = name.map(Self.channelKey) ?? defaultChannel
        guard let channel = channels[name] else {
            throw SettingsError("There is no channel called \"\(name)\". Channels: \(channelNames.joined(separator: ", ")).")
        }
        return (name, channel)
    }

    /// How channel names are compared: channels are configured in lower case.
    public static func channelKey(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// How the gate renders an approved photo for `channel`.
    public func approvedRendering(for channel: Channel) -> RenderSettings {
        rendering(for: channel, mark: .schoolWatermark(watermark))
    }

    /// How anything outside the gate renders: never with the school's mark.
    public func previewRendering(for channel: Channel) -> RenderSettings {
        rendering(for: channel, mark: .notApproved(banner: "PREVIEW - NOT APPROVED FOR PUBLICATION"))
    }

    private func rendering(for channel: Channel, mark: Mark) -> RenderSettings {
        var settings = RenderSettings(longEdge: channel.longEdge, quality: channel.quality, limits: limits, mark: mark,
                                      exif: ExifSettings(artist: schoolName, copyright: copyright, keep: keep))
        settings.longEdgeSlack = channel.longEdgeSlack
        return settings
    }
}

/// How the watch-folder daemon behaves.
public struct WatchSettings: Sendable, Equatable {
    /// A file is taken once its size and modification time have not changed for this long.
    public var quietSeconds: Double = 2
    /// How long a photo without a sidecar waits for one before it is gated on its own tags.
    public var sidecarWaitSeconds: Double = 5
    /// A full scan of every inbox this often, for file systems that send no events.
    public var rescanSeconds: Double = 30
    /// Photos gated at once; 0 means the number of cores.
    public var concurrency: Int = 0
    /// A file still empty this long after it appeared is refused as empty.
    public var emptyFileSeconds: Double = 120
    /// Whether log lines may carry file names (which often contain children's names).
    public var logNames: Bool = false
    /// Replies in each inbox's replies/ folder are kept this long.
    public var repliesDays: Double = 30

    public init() {}

    public var effectiveConcurrency: Int {
        concurrency > 0 ? concurrency : max(1, ProcessInfo.processInfo.activeProcessorCount)
    }
}

public struct SettingsError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
