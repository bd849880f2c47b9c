import Foundation
import Imaging

/// Renders photos the way the gate would, for checking how they will look,
/// but with a banner saying they are not approved and never with the
/// school's watermark: only the gate makes approved-looking images.
public struct Previewer: Sendable {
    public struct Preview: Sendable {
        public let file: String
        public let result: Result<Rendered, Refusal>
    }

    public struct Rendered: Sendable {
        public let output: String
        public let width: Int
        public let height: Int
        public let source: SourceSummary
    }

    /// A file that could not be rendered: a stable code and a sentence.
    public struct Refusal: Error, Sendable {
        public let code: String
        public let message: String
    }

    let renderer: Renderer
    let limits: InputLimits
    let outputDirectory: String

    public init(settings: Settings, channel: Settings.Channel, outputDirectory: String) {
        renderer = Renderer(settings: settings.previewRendering(for: channel))
        limits = settings.limits
        self.outputDirectory = outputDirectory
    }

    public func preview(_ path: String) -> Preview {
        do {
            let file = try SubmittedFile.read(path, maxBytes: limits.maxBytes)
            let derivative = try renderer.render(file.bytes)
            let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            let output = outputDirectory + "/" + stem + ".preview.jpg"
            try DurableFile.write(derivative.jpeg, to: output)
            return Preview(file: path, result: .success(Rendered(
                output: output, width: derivative.width, height: derivative.height, source: derivative.source)))
        } catch let refusal as FileRefusal {
            return Preview(file: path, result: .failure(Refusal(code: refusal.code.rawValue, message: refusal.message)))
        } catch let refusal as ImageRefusal {
            return Preview(file: path, result: .failure(Refusal(code: refusal.code.rawValue, message: refusal.message)))
        } catch {
            return Preview(file: path, result: .failure(Refusal(code: "gate.write-failed", message: "The preview could not be saved (\(error)).")))
        }
    }
}
