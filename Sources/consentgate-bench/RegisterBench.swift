import Foundation

enum RegisterBench {
    /// A canonical register CSV of `people` pupils, every channel filled in.
    static func file(people: Int, in directory: String) throws -> String {
        var lines = ["id,given_name,family_name,kind,consent_facebook,consent_website,consent_newsletter,consent_press,naming,valid_from,valid_until,withdrawn_on,do_not_publish,restrictions,recorded_by,recorded_on,source"]
        let given = ["Amara", "Oliver", "Ruby", "Jamie", "Leo", "Isla", "Noah", "Grace", "Zoë", "Harry"]
        let family = ["Okafor", "Bennett", "Clarke", "Patel", "Fischer", "Murray", "Williams", "Thompson", "Evans", "O'Brien"]
        for index in 0 ..< people {
            let consent = index % 7 == 0 ? "declined" : index % 11 == 0 ? "" : "given"
            lines.append("B\(String(format: "%05d", index)),\(given[index % 10]),\(family[(index / 10) % 10]),pupil,\(consent),given,given,,first,2026-09-01,2027-08-31,,\(index % 97 == 0 ? "yes" : ""),,office,2026-09-03,paper form")
        }
        let path = directory + "/register-\(people).csv"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
