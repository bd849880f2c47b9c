import Foundation
import Imaging

/// The audit as one self-contained HTML page a head teacher can open and
/// print: every photo as a thumbnail (embedded, nothing fetched), grouped by
/// what must be done about it.
public enum AuditPage {
    public static func html(_ report: AuditReport, workspace: Workspace, school: String) -> String {
        var body = "<h1>Published photos: audit of \(escape(report.date))</h1>\n"
        body += "<p class=\"meta\">\(escape(school)) &middot; \(report.published) published photo\(report.published == 1 ? "" : "s") &middot; "
        body += "ledger \(escape(report.ledgerMessage))</p>\n"
        if !report.ledgerIntact {
            body += "<p class=\"alarm\">The ledger has been altered: \(escape(report.ledgerMessage)). Report this to the headteacher.</p>\n"
        }
        body += section("takedown", "Take down", "No longer allowed today: remove these from where they were posted.",
                        report.takedowns.map { takedown in
            card(workspace.root + "/" + takedown.derivative, title: takedown.derivative,
                 lines: ["\(takedown.channel), published \(takedown.publishedOn), ledger #\(takedown.ledger)"]
                    + takedown.reasons.map { "\($0.message) [\($0.code)]" })
        })
        body += section("changed", "Changed since publication", "The published file is not what the gate wrote.",
                        report.changed.map { card(workspace.root + "/" + $0.derivative, title: $0.derivative, lines: ["ledger #\($0.ledger)", $0.problem]) })
        body += section("unknown", "Unknown files", "In published/ but never through the gate.",
                        report.unknown.map { card(workspace.root + "/" + $0, title: $0, lines: ["no ledger entry"]) })
        body += section("not-from-gate", "Not from the gate", "Downloaded images that match nothing the gate published.",
                        report.notFromGate.map { card($0, title: ($0 as NSString).lastPathComponent, lines: ["no match in the ledger"]) })
        if !report.matched.isEmpty {
            body += section("matched", "Downloaded copies found", "Each matched to the photo the gate published.",
                            report.matched.map { card($0.file, title: ($0.file as NSString).lastPathComponent,
                                                      lines: ["matches \($0.derivative) (ledger #\($0.ledger), \($0.distance) bits apart)"]
                                                        + ($0.mustComeDown ? ["MUST COME DOWN: on the takedown list"] : [])) })
        }
        body += section("clean", "Clean", "Still allowed, unchanged.",
                        report.clean.map { card(workspace.root + "/" + $0, title: $0, lines: []) })
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <title>consentgate audit \(escape(report.date))</title>
            <style>
            body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
            h1 { font-size: 1.5em; } h2 { border-bottom: 2px solid #ccc; margin-top: 1.5em; }
            #takedown h2, .alarm { color: #a00; } .meta, .note { color: #555; }
            .cards { display: flex; flex-wrap: wrap; gap: 10px; }
            .card { width: 210px; border: 1px solid #ccc; border-radius: 4px; padding: 6px; break-inside: avoid; }
            .card img { display: block; max-width: 200px; max-height: 200px; margin: 0 auto 4px; }
            .card p { margin: 2px 0; font-size: 12px; word-wrap: break-word; }
            .card .title { font-weight: bold; }
            @media print { body { margin: 0; } .card { border-color: #999; } }
            </style></head>
            <body>
            \(body)
            <script>
            // Counts thumbnails that actually displayed, for a reader (or a test) to check.
            window.addEventListener('load', () => {
              document.body.dataset.thumbnails = [...document.images].filter(i => i.complete && i.naturalWidth > 0).length;
            });
            </script>
            </body></html>
            """
    }

    static func section(_ id: String, _ title: String, _ note: String, _ cards: [String]) -> String {
        "<section id=\"\(id)\"><h2>\(escape(title)) (\(cards.count))</h2><p class=\"note\">\(escape(note))</p>\n"
            + "<div class=\"cards\">\n" + cards.joined(separator: "\n") + "\n</div></section>\n"
    }

    static func card(_ file: String, title: String, lines: [String]) -> String {
        var html = "<div class=\"card\">"
        if let data = FileManager.default.contents(atPath: file),
           let thumbnail = try? Fingerprint.thumbnailJPEG(of: [UInt8](data), longEdge: 200) {
            html += "<img alt=\"\" src=\"data:image/jpeg;base64,\(Data(thumbnail).base64EncodedString())\">"
        } else {
            html += "<p class=\"note\">(no preview: not a readable photo)</p>"
        }
        html += "<p class=\"title\">\(escape(title))</p>" + lines.map { "<p>\(escape($0))</p>" }.joined()
        return html + "</div>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
