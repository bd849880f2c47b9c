import ConsentGate
import Foundation

enum PreviewPrinter {
    static func text(_ preview: Previewer.Preview) -> String {
        let name = (preview.file as NSString).lastPathComponent.forTerminal
        switch preview.result {
        case .success(let rendered):
            var line = "rendered  \(name) -> \(rendered.output.forTerminal)  \(rendered.width)x\(rendered.height)"
            if rendered.source.orientation != 1 { line += ", turned upright (EXIF orientation \(rendered.source.orientation))" }
            if !rendered.source.removed.isEmpty { line += "; removed: " + rendered.source.removed.joined(separator: ", ") }
            return line
        case .failure(let refusal):
            return "refused   \(name)  \(refusal.code)  \(refusal.message.forTerminal)"
        }
    }

    static func json(_ preview: Previewer.Preview) -> String {
        var object: [String: Any] = ["file": preview.file]
        switch preview.result {
        case .success(let rendered):
            object["result"] = "rendered"
            object["output"] = rendered.output
            object["width"] = rendered.width
            object["height"] = rendered.height
            object["removed"] = rendered.source.removed
        case .failure(let refusal):
            object["result"] = "refused"
            object["reasons"] = [["code": refusal.code, "message": refusal.message]]
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
