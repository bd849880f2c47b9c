import Foundation

/// With CONSENTGATE_TRACE=1, each step's duration goes to stderr: how the
/// "where the time goes" in docs/performance.md was measured.
struct StepTrace {
    static let enabled = ProcessInfo.processInfo.environment["CONSENTGATE_TRACE"] == "1"
    private var last = StepTrace.now()

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    mutating func mark(_ step: String) {
        guard Self.enabled else { return }
        let now = Self.now()
        // VmHWM: the peak resident memory so far, as the kernel counts it.
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> String {
            status.split(separator: "\n").first { $0.hasPrefix(name) }?.split(separator: " ").dropFirst().joined(separator: " ") ?? "?"
        }
        let peak = field("VmHWM") + " (now: anonymous " + field("RssAnon") + ", files " + field("RssFile") + ")"
        let label = step.padding(toLength: 9, withPad: " ", startingAt: 0)
        FileHandle.standardError.write(Data(String(format: "trace %@ %7.2f ms  peak %@\n", label, (now - last) * 1000, peak).utf8))
        last = now
    }
}
