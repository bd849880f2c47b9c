import Imaging
import ImageStructure

/// Step: what the file is and who its own tags say is in it, from the
/// header alone. Problems become reasons; they never stop the decision, so
/// that a rejection names every reason at once.
enum Inspect {
    struct Result {
        var inspection: Inspection?
        var format: ImageFormat? { inspection?.format }
        var tagged: [String] = []
        var reasons: [Reason] = []
    }

    static func run(_ bytes: [UInt8], with renderer: Renderer) -> Result {
        var result = Result()
        do {
            let inspection = try renderer.inspect(bytes)
            result.inspection = inspection
            result.tagged = try PeopleTags.names(in: inspection.xmp)
        } catch let refusal as ImageRefusal {
            result.reasons.append(Reason(refusedAs: refusal.code, refusal.message))
        } catch let unreadable as PeopleTags.Refusal {
            switch unreadable.kind {
            case .packet:
                result.reasons.append(Reason(.metadataUnreadable,
                    "The photo's XMP metadata, where photo tools record who is pictured, cannot be read (\(unreadable.reason)), so who is in it is unknown."))
            case .peopleField:
                result.reasons.append(Reason(.peopleTagsUnreadable,
                    "The photo's own people tags cannot be read (\(unreadable.reason)), so who is in it is unknown."))
            }
        } catch {
            result.reasons.append(Reason(.imageProcessingFailed, "\(error)"))
        }
        return result
    }
}
